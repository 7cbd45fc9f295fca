package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevAccounts;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A devnet reset under a running operator: the solver's state DB (journal, cursors) belongs to the
 * old chain. Restarted against the new chain with the same dataDir, the daemon stops at once with
 * one line naming both chains and what to do, instead of re-broadcasting transactions of a chain
 * that is gone.
 */
@ExtendWith(AnvilExtension.class)
class ChainResetIT {
  @TempDir Path dir;

  @Test
  void aDaemonRestartedOnAResetChainStopsAndSaysWhatToDo(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials solver = world.account("solver", 10, 1000);
      int port = RpcProxy.freePort();
      Path config = world.solverConfig("solver", port, "");
      world.startSolver("solver", config, Map.of()).kill9();

      // "devnet reset": a fresh anvil with everything deployed again (same addresses)
      try (AnvilProcess fresh = AnvilProcess.start(dir.resolve("anvil-reset.log"));
          TribunalChain chain = TribunalChain.connect(fresh.rpcUrl())) {
        DevnetDeployer deployer = new DevnetDeployer(chain, DevAccounts.deployer());
        Deployment redeployed = deployer.deployAll();
        assertThat(redeployed.address("JobMarket"))
            .as("same deployer, same nonces: the addresses alone cannot tell the chains apart")
            .isEqualTo(devnet.deployment().address("JobMarket"));
        Path deploymentFile = dir.resolve("deployment-reset.json");
        redeployed.write(deploymentFile);
        deployer.fund(redeployed, solver.getAddress(), 10, 1000);
        Path resetConfig =
            Files.writeString(
                dir.resolve("solver-reset.yaml"),
                Files.readString(config)
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
                    .ethGetTransactionCount(
                        solver.getAddress(),
                        org.web3j.protocol.core.DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount())
            .as("nothing sent on the new chain")
            .isZero();
      }
    }
  }
}
