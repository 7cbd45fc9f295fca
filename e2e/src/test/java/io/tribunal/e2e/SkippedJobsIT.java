package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.cli.TribunalCli;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevAccounts;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Restarts an operator lives through. It fixes what made the solver skip a job (a model missing
 * from its config), stops the daemon with SIGTERM and starts it again: the skipped job is decided
 * again and claimed. Then the devnet is reset under it: restarted on the new chain with the same
 * dataDir, the daemon stops at once and says what to do instead of re-broadcasting transactions of
 * a chain that is gone.
 */
@ExtendWith(AnvilExtension.class)
class SkippedJobsIT {
  @TempDir Path dir;

  @Test
  void aJobSkippedForALocalReasonIsDecidedAgainAfterARestart(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      world.account("user", 1, 100);
      Credentials solver = world.account("solver", 10, 1000);
      int port = RpcProxy.freePort();
      Path fixed = world.solverConfig("solver", port, "");
      String yaml = Files.readString(fixed);
      Path missingModel =
          Files.writeString(
              dir.resolve("solver-without-the-model.yaml"),
              yaml.replace(World.MODEL, "mlp:784-32-10"));
      DaemonProcess first = world.startSolver("solver", missingModel, Map.of());
      world.startMining(Duration.ofMillis(500));

      // the user submits directly to the market (no relay), a model this solver does not offer
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      var cli = TribunalCli.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int exit =
          cli.execute(
              "job",
              "submit",
              "--deployment",
              world.deploymentFile.toString(),
              "--keystore",
              world.keystore("user").toString(),
              "--password-file",
              world.passwordFile.toString(),
              "--model",
              World.MODEL,
              "--dataset",
              "mnist",
              "--dataset-cache",
              dir.resolve("datasets").toString(),
              "--steps",
              Long.toString(World.STEPS),
              "--price",
              "5");
      assertThat(exit).as(err.toString()).isZero();
      Bytes32 id = Bytes32.fromHex(out.toString().strip());
      first.awaitLog("job " + id.hex() + ": not claiming: unknown model", Duration.ofSeconds(60));
      // the operator stops it the usual way (SIGTERM): clean lines, exit code 0
      assertThat(first.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(first.log()).contains("solver: stopping (signal)").contains("solver: stopped");
      assertThat(world.status(id)).isEqualTo(JobStatus.OPEN);

      // the operator adds the model and restarts
      DaemonProcess second = world.startSolver("solver", fixed, Map.of());
      second.awaitLog(
          "1 job\\(s\\) skipped before this start are decided again", Duration.ofSeconds(30));
      second.awaitLog("job " + id.hex() + ": claimed", Duration.ofSeconds(60));
      assertThat(world.status(id)).isNotEqualTo(JobStatus.OPEN);
      assertThat(second.terminate(Duration.ofSeconds(30))).isZero();

      // then the devnet is reset under the operator: a fresh anvil with everything deployed again
      // (same deployer, same nonces, same addresses). The state DB belongs to the old chain: the
      // daemon stops at once with both genesis hashes and the remedy, and sends nothing.
      try (AnvilProcess fresh = AnvilProcess.start(dir.resolve("anvil-reset.log"));
          TribunalChain chain = TribunalChain.connect(fresh.rpcUrl())) {
        DevnetDeployer deployer = new DevnetDeployer(chain, DevAccounts.deployer());
        Deployment redeployed = deployer.deployAll();
        assertThat(redeployed.address("JobMarket"))
            .as("the addresses alone cannot tell the chains apart")
            .isEqualTo(devnet.deployment().address("JobMarket"));
        Path deploymentFile = dir.resolve("deployment-reset.json");
        redeployed.write(deploymentFile);
        deployer.fund(redeployed, solver.getAddress(), 10, 1000);
        Path resetConfig =
            Files.writeString(
                dir.resolve("solver-reset.yaml"),
                Files.readString(fixed)
                    .replace(world.deploymentFile.toString(), deploymentFile.toString())
                    .replace(world.rpcUrl, fresh.rpcUrl()));
        DaemonProcess restarted = world.start("solver", World.SOLVER_MAIN, resetConfig, Map.of());
        assertThat(restarted.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(restarted.log())
            .contains("was written for another chain (genesis block")
            .contains("aside (or set another dataDir) and start again");
        assertThat(
                chain
                    .web3j()
                    .ethGetTransactionCount(solver.getAddress(), DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount())
            .as("nothing sent on the new chain")
            .isZero();
      }
    }
  }
}
