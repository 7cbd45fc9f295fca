package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.cli.TribunalCli;
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

/**
 * An operator fixes what made the solver skip a job (here: a model missing from its config) and
 * restarts it: the skipped job is decided again and claimed, instead of staying skipped forever.
 */
@ExtendWith(AnvilExtension.class)
class SkippedJobsIT {
  @TempDir Path dir;

  @Test
  void aJobSkippedForALocalReasonIsDecidedAgainAfterARestart(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      world.account("user", 1, 100);
      world.account("solver", 10, 1000);
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
    }
  }
}
