package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A verifier whose own copy of a job's dataset is missing must not accuse the solver: it logs the
 * environment fault, retries with back-off, never records a mismatch, and attests once the dataset
 * is back. The job trains a small CSV dataset (file:// URI) that the test moves away after the
 * solver committed and restores later.
 */
@ExtendWith(AnvilExtension.class)
class VerifierEnvironmentFaultIT {
  private static final String MODEL = "mlp:4-8-3";

  @TempDir Path dir;

  @Test
  void aMissingDatasetIsAnEnvironmentFaultNotACheatAndTheVerifierAttestsOnceItIsBack(Devnet devnet)
      throws Exception {
    Path csv = writeCsv(dir.resolve("tiny.csv"), 120);
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      world.account("solver", 10, 1000);
      world.account("verifier", 10, 500);
      int port = RpcProxy.freePort();
      String yaml =
          world.commonYaml("solver")
              + "stake: "
              + World.SOLVER_STAKE
              + "\npolicy: {collateralBudget: "
              + World.usd(1000)
              + "}\nhttp: {port: "
              + port
              + "}\nmodels: [{spec: \""
              + MODEL
              + "\"}]\ntraining: {checkpointInterval: 8, progressEvery: 8, fsync: false}\n";
      world.startSolver("solver", world.write("solver.yaml", yaml), Map.of());
      world.startMining(Duration.ofMillis(500));
      // the verifier stakes before the job exists (only verifiers in the set at the commit block
      // can be drawn), then goes down
      Path verifierYaml = world.verifierConfig("verifier");
      DaemonProcess early = world.startVerifier("verifier", verifierYaml);
      early.awaitLog("verifier 0x[0-9a-f]+: ready", Duration.ofSeconds(60));
      early.kill9();

      World.Submission s =
          world.sign(
              user, 31, devnet.chain().chainId(), new World.Shape(MODEL, csv.toString(), 32, 8));
      Bytes32 id = world.relay(port, s);
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // the verifier's dataset goes missing before it ever looks at the job
      Path away = dir.resolve("tiny.csv.away");
      Files.move(csv, away);
      DaemonProcess verifier = world.startVerifier("verifier", verifierYaml);
      verifier.awaitLog(
          "job "
              + id.hex()
              + ": cannot check yet, accusing nobody: the dataset file:.*tiny.csv is not available"
              + " here: .*; retrying in \\d+ s",
          Duration.ofSeconds(60));
      // retried with back-off, and still nobody accused
      verifier.awaitLog(
          "job " + id.hex() + ": cannot check yet, accusing nobody: .*retrying in 4 s",
          Duration.ofSeconds(30));
      assertThat(world.job(id).attesters).isEmpty();

      Files.move(away, csv, StandardCopyOption.ATOMIC_MOVE);
      verifier.awaitLog(
          "job " + id.hex() + ": replayed transitions \\[.*\\] — all match; attested",
          Duration.ofSeconds(90));
      World.await(
          "the verifier's attestation on chain",
          Duration.ofSeconds(30),
          () -> !world.job(id).attesters.isEmpty());
      assertThat(verifier.log()).doesNotContain("MISMATCH");
    }
  }

  /** A header and {@code rows} samples: four features in [-2, 2] and a label in 0..2. */
  private static Path writeCsv(Path file, int rows) throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    StringBuilder b = new StringBuilder("f0,f1,f2,f3,label\n");
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < 4; f++) {
        b.append(String.format(java.util.Locale.ROOT, "%.3f", rnd.nextDouble(-2, 2))).append(',');
      }
      b.append(i % 3).append('\n');
    }
    Files.writeString(file, b.toString());
    return file;
  }
}
