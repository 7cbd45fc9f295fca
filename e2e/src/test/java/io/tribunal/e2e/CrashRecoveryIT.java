package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * {@code kill -9} of the solver daemon twice in one job: in the middle of training (after a
 * checkpoint), and between journaling its signed commit transaction and broadcasting it (a
 * test-only hook pauses it there, so the kill lands deterministically). After each restart the
 * daemon resumes; the job completes and the chain holds exactly one transaction per intent.
 */
@ExtendWith(AnvilExtension.class)
class CrashRecoveryIT {
  private static final BigInteger FEE = PRICE.divide(BigInteger.TEN);
  private static final String COMMIT =
      Hash.sha3String("commit(bytes32,bytes32,uint64,uint16,bytes32,bytes32)").substring(0, 10);
  private static final String CLAIM = Hash.sha3String("claim(bytes32)").substring(0, 10);

  @TempDir Path dir;

  @Test
  void solverKilledDuringTrainingAndDuringItsCommitFinishesTheJobWithoutADuplicateTransaction(
      Devnet devnet) {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials verifier = world.account("verifier", 10, 500);
      int port = RpcProxy.freePort();
      Path config = world.solverConfig("solver", port, "");
      DaemonProcess first =
          world.startSolver("solver", config, Map.of(FaultHooks.STEP_DELAY_MS, "100"));
      DaemonProcess verifierProcess =
          world.startVerifier("verifier", world.verifierConfig("verifier"));
      world.startMining(Duration.ofMillis(500));

      Bytes32 id = world.relay(port, world.sign(user, 7));
      first.awaitLog("job " + id.hex() + ": step 2[0-9]/64", Duration.ofSeconds(90));
      first.kill9(); // mid-training, after the checkpoint at step 16
      assertThat(world.status(id)).isEqualTo(JobStatus.CLAIMED);

      DaemonProcess second =
          world.startSolver(
              "solver",
              config,
              Map.of(FaultHooks.PAUSE_AFTER_JOURNAL, "commit:", FaultHooks.STEP_DELAY_MS, "0"));
      second.awaitLog(
          "job " + id.hex() + ": training from step (16|32|48)", Duration.ofSeconds(60));
      Matcher journaled =
          second.awaitLog(
              "intent commit:" + id.hex() + ": tx (0x[0-9a-f]{64})", Duration.ofSeconds(60));
      String commitTx = journaled.group(1);
      second.awaitLog("TEST HOOK: paused after journaling commit:", Duration.ofSeconds(10));
      second.kill9(); // signed and journaled, never broadcast
      assertThat(world.status(id)).isEqualTo(JobStatus.CLAIMED);

      DaemonProcess third = world.startSolver("solver", config, Map.of());
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(60));
      third.awaitLog("resuming journaled tx " + commitTx, Duration.ofSeconds(10));
      World.await(
          "the verifier's attestation",
          Duration.ofSeconds(90),
          () ->
              world.job(id).attesters.stream()
                  .anyMatch(a -> a.equalsIgnoreCase(verifier.getAddress())));
      world.passChallengeWindow();
      World.await(
          "the solver's payout",
          Duration.ofSeconds(60),
          () ->
              world
                  .token(solver.getAddress())
                  .equals(usd(1000).subtract(SOLVER_STAKE).add(PRICE).subtract(FEE)));
      assertThat(world.status(id)).isEqualTo(JobStatus.FINALIZED);
      assertThat(verifierProcess.log()).contains("all match; attested");

      // approve, stake, setOperator, submitJob, claim, commit, finalize, withdraw — once each
      List<Transaction> txs = world.assertNoDuplicateTransactions(solver.getAddress());
      assertThat(txs).hasSize(8);
      assertThat(ChainReads.countCalls(txs, CLAIM)).isEqualTo(1);
      assertThat(ChainReads.countCalls(txs, COMMIT)).isEqualTo(1);
      assertThat(
              txs.stream()
                  .filter(t -> t.getInput().startsWith(COMMIT))
                  .findFirst()
                  .orElseThrow()
                  .getHash())
          .isEqualTo(commitTx);
      assertThat(world.token(user.getAddress())).isEqualTo(usd(100).subtract(PRICE));
    }
  }
}
