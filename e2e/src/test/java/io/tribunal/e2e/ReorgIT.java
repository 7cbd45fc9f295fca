package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import java.io.IOException;
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
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * A reorg around the commit: as soon as the solver's commit is mined, the test replaces that block
 * with an empty one ({@code anvil_reorg}, test-only). The job is back to Claimed on the new chain;
 * the solver notices, re-broadcasts the SAME journaled commit transaction (same hash, no second
 * signature), the verifier waits for the new commitment instead of giving up, and the job finalizes
 * with the solver paid.
 */
@ExtendWith(AnvilExtension.class)
class ReorgIT {
  private static final BigInteger FEE = PRICE.divide(BigInteger.TEN);
  private static final String COMMIT =
      Hash.sha3String("commit(bytes32,bytes32,uint64,uint16,bytes32,bytes32)").substring(0, 10);

  @TempDir Path dir;

  @Test
  void aCommitReorgedOutIsSentAgainWithTheSameTransactionAndTheJobCompletes(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials verifier = world.account("verifier", 10, 500);
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      DaemonProcess verifierProcess =
          world.startVerifier("verifier", world.verifierConfig("verifier"));

      // no block producer yet: the commit block stays the head until the test reorganises it
      Bytes32 id = world.relay(port, world.sign(user, 11));
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
      long commitBlock = world.job(id).commitBlock.longValueExact();
      Matcher m =
          solverProcess.awaitLog(
              "intent commit:" + id.hex() + ": tx (0x[0-9a-f]{64})", Duration.ofSeconds(5));
      String commitTx = m.group(1);
      long head = devnet.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      assertThat(head).isEqualTo(commitBlock);

      reorg(devnet, 1);
      assertThat(
              devnet
                  .chain()
                  .web3j()
                  .ethGetTransactionReceipt(commitTx)
                  .send()
                  .getTransactionReceipt())
          .isEmpty();

      world.startMining(Duration.ofMillis(500));
      World.await(
          "the same commit transaction mined again",
          Duration.ofSeconds(60),
          () -> receiptBlock(devnet, commitTx) >= 0);
      // Whether the solver ever sees the intermediate Claimed state is a race: anvil may re-mine
      // the reorged commit from its own pool before the solver's next poll. Either way the same
      // signed commit (same hash) must land again, exactly once, and the job must complete; that is
      // what the assertions around this line check.
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(30));
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

      List<Transaction> txs = world.assertNoDuplicateTransactions(solver.getAddress());
      assertThat(ChainReads.countCalls(txs, COMMIT)).isEqualTo(1);
      assertThat(
              txs.stream()
                  .filter(t -> t.getInput().startsWith(COMMIT))
                  .findFirst()
                  .orElseThrow()
                  .getHash())
          .isEqualTo(commitTx);
      assertThat(world.status(id)).isEqualTo(JobStatus.FINALIZED);
      world.assertNoDuplicateTransactions(verifier.getAddress());
    }
  }

  private static long receiptBlock(Devnet devnet, String tx) {
    try {
      return devnet
          .chain()
          .web3j()
          .ethGetTransactionReceipt(tx)
          .send()
          .getTransactionReceipt()
          .map(r -> r.getBlockNumber().longValueExact())
          .orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  /** anvil_reorg(depth, []): replaces the last {@code depth} blocks with empty ones. */
  private static void reorg(Devnet devnet, int depth) throws IOException {
    HttpService s = new HttpService(devnet.anvil().rpcUrl());
    AnvilRpc.RawResponse r =
        new Request<>("anvil_reorg", List.of(depth, List.of()), s, AnvilRpc.RawResponse.class)
            .send();
    if (r.hasError()) {
      throw new IllegalStateException("anvil_reorg: " + r.getError().getMessage());
    }
  }
}
