package io.tribunal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.persist.JobTable;
import io.tribunal.protocol.persist.StateDb;
import io.tribunal.protocol.persist.TxJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;
import picocli.CommandLine;

/**
 * The README's {@code tribunal demo}, run as the command itself (role daemons on threads): the
 * honest job pays the solver and the verifier, the cheat is slashed, and the JSON balance table
 * matches to the base unit. It runs once, behind a node whose receipts lag (the harder case; the
 * plain run and the devnet's teardown after it are DemoStoryIT's, with the roles as processes).
 */
class DemoIT {
  private static long usd(String whole) {
    return new java.math.BigDecimal(whole).movePointRight(6).longValueExact();
  }

  /**
   * The story with every role daemon behind a node whose receipts lag the nonce by up to 1.5 s: the
   * daemons believe only what the chain proves, so every balance is still exact, no job is held for
   * an operator, and every journaled transaction's status is what the chain says (a transaction
   * still SENT when the roles stopped must be one the chain mined: the daemon was only waiting for
   * its receipt). {@code devnet down} then stops what {@code --keep} left running.
   */
  @Test
  void theStoryHoldsWhenReceiptsLagTheNonce(@TempDir Path dir) throws Exception {
    try {
      assertWholeStory(
          dir, "demo", "--dir", dir.toString(), "--json", "--keep", "--receipt-lag-ms", "1500");
      String rpcUrl = Deployment.read(dir.resolve("deployment.json")).rpcUrl();
      try (TribunalChain chain = TribunalChain.connect(rpcUrl)) {
        assertJournalsMatchTheChain(dir.resolve("roles").resolve("data"), chain);
      }
    } finally {
      TribunalCli.commandLine().execute("devnet", "down", "--dir", dir.toString());
    }
    assertThat(Files.exists(dir.resolve("devnet.json"))).as("devnet down").isFalse();
  }

  private static void assertJournalsMatchTheChain(Path dataDirs, TribunalChain chain)
      throws Exception {
    List<Path> roles;
    try (var s = Files.list(dataDirs)) {
      roles = s.filter(p -> Files.exists(p.resolve("state.db"))).toList();
    }
    assertThat(roles).as("role data directories").hasSizeGreaterThanOrEqualTo(4);
    int checked = 0;
    for (Path role : roles) {
      try (StateDb db = StateDb.open(role)) {
        assertThat(db.jobs().count(JobTable.ATTENTION)).as(role + ": jobs on hold").isZero();
        for (TxJournal.Entry e : db.txJournal().all()) {
          var receipt =
              chain.web3j().ethGetTransactionReceipt(e.txHash()).send().getTransactionReceipt();
          String what = role.getFileName() + " " + e.intent() + " " + e.status();
          switch (e.status()) {
            case MINED, SENT ->
                assertThat(receipt)
                    .as(what)
                    .hasValueSatisfying(r -> assertThat(r.isStatusOK()).isTrue());
            case FAILED -> {
              boolean reverted = receipt.isPresent() && !receipt.get().isStatusOK();
              BigInteger used =
                  chain
                      .web3j()
                      .ethGetTransactionCount(e.account(), DefaultBlockParameterName.LATEST)
                      .send()
                      .getTransactionCount();
              assertThat(reverted || (receipt.isEmpty() && used.compareTo(e.nonce()) > 0))
                  .as(what + ": the chain proves the failure")
                  .isTrue();
            }
          }
          checked++;
        }
      }
    }
    assertThat(checked).as("journaled transactions checked").isGreaterThan(20);
  }

  private static void assertWholeStory(Path dir, String... args) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute(args);

    assertThat(exit).isZero();
    JsonNode b = new ObjectMapper().readTree(out.toString());
    // job 1: price 25, collateral 50, 10% verifier fee; job 2 (cheat): price 20, collateral 40
    expect(b, "user", "10000", "0", "0", "9954.9987", "0", "32"); // 20 refund + 3C/10 = 12;
    // 100 paid inferences at 13 base units each (mlp:784-16-10 = 12,746 ops at 1000 per Mop)
    expect(b, "honest-solver", "10000", "0", "0", "9822.5013", "200", "0"); // -200 +22.5 +0.0013
    expect(b, "cheating-solver", "10000", "0", "0", "9800", "160", "0"); // stake -C
    expect(b, "verifier", "10000", "0", "0", "9902.5", "100", "0"); // -100 stake +2.5 fee
    // C/10 reward (the only open game) + 8 challenger moves (open included) x 1 tUSD, bond back
    expect(b, "challenger", "10000", "0", "0", "10012", "0", "0");
    JsonNode t = b.get("treasury");
    assertThat(t.get("after").get("claimable").asLong() - t.get("before").get("claimable").asLong())
        .isEqualTo(usd("16")); // C - 3C/10 - C/10 - 8 refunds
    assertThat(t.get("after").get("wallet").asText())
        .isEqualTo(t.get("before").get("wallet").asText());
    boolean keep = List.of(args).contains("--keep");
    assertThat(Files.exists(dir.resolve("devnet.json")))
        .as("devnet stopped unless kept")
        .isEqualTo(keep);
  }

  private static void expect(
      JsonNode balances,
      String party,
      String walletBefore,
      String stakeBefore,
      String claimableBefore,
      String walletAfter,
      String stakeAfter,
      String claimableAfter) {
    JsonNode p = balances.get(party);
    assertThat(p).as(party).isNotNull();
    assertThat(p.get("before").get("wallet").asLong()).as(party).isEqualTo(usd(walletBefore));
    assertThat(p.get("before").get("stake").asLong()).as(party).isEqualTo(usd(stakeBefore));
    assertThat(p.get("before").get("claimable").asLong()).as(party).isEqualTo(usd(claimableBefore));
    assertThat(p.get("after").get("wallet").asLong()).as(party).isEqualTo(usd(walletAfter));
    assertThat(p.get("after").get("stake").asLong()).as(party).isEqualTo(usd(stakeAfter));
    assertThat(p.get("after").get("claimable").asLong()).as(party).isEqualTo(usd(claimableAfter));
  }
}
