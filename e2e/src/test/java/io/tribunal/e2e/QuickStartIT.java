package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.node.persist.JobTable;
import io.tribunal.node.persist.StateDb;
import io.tribunal.node.persist.TxJournal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The README's quick start, as a newcomer runs it: the demo command of "The two commands", through
 * the {@code ./tribunal} launcher, from a scratch folder outside the repository with no TRIBUNAL_*
 * variable. The story is the demo's: a relayed MNIST job trained by the honest solver, attested,
 * finalized and paid, 100 paid inferences over a channel, a cheat slashed by the challenger's game.
 *
 * <p>It runs the README's default (each role daemon on its own thread) in the harder variant:
 * behind a node whose receipts lag the nonce by up to 1.5 s. The daemons believe only what the
 * chain proves, so every party's wallet, stake and claimable balance is still exact to the base
 * unit, no job is held for an operator, and each journaled transaction's status is what the chain
 * says. {@code --keep} leaves the devnet up for those checks; {@code devnet down} then stops it.
 */
class QuickStartIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path scratch;

  private static long usd(String whole) {
    return new BigDecimal(whole).movePointRight(6).longValueExact();
  }

  @Test
  void theReadmeDemoCommandRunsFromAScratchFolderAndEveryBalanceIsExact() throws Exception {
    String demo = readmeDemoCommand();
    assertThat(demo).isEqualTo("./tribunal demo");
    Path dir = scratch.resolve("demo");
    try {
      Launched run =
          launch(
              demo.substring("./tribunal ".length()), "--keep", "--dir", dir.toString(), "--json");
      assertThat(run.exit()).as(run.err()).isZero();
      assertBalances(new ObjectMapper().readTree(run.out()));
      String logs = Files.readString(dir.resolve("logs").resolve("daemons.log"));
      assertThat(logs).containsPattern("solver 0x[0-9a-fA-F]{40}: ready");
      assertThat(logs).containsPattern("verifier 0x[0-9a-fA-F]{40}: ready");
      assertThat(logs).containsPattern("challenger 0x[0-9a-fA-F]{40}: ready");
      // the cheat's own account of what it flipped is what the game pinpointed
      assertThat(logs).contains("FlippedOutput[step=37");
      String rpcUrl = Deployment.read(dir.resolve("deployment.json")).rpcUrl();
      try (TribunalChain chain = TribunalChain.connect(rpcUrl)) {
        assertJournalsMatchTheChain(dir.resolve("roles").resolve("data"), chain);
      }
    } finally {
      Launched down = launch("devnet", "down", "--dir", dir.toString());
      assertThat(down.exit()).as(down.err()).isZero();
    }
    assertThat(dir.resolve("devnet.json")).as("devnet down").doesNotExist();
  }

  /** The demo line of the README's "The two commands" block (the test fails if it moves). */
  private static String readmeDemoCommand() throws Exception {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## The two commands\\s+```bash\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("README has 'The two commands' block").isTrue();
    List<String> commands =
        block.group(1).lines().map(l -> l.replaceAll("#.*", "").strip()).toList();
    assertThat(commands).contains("./run-tests");
    return commands.stream().filter(c -> c.contains("demo")).findFirst().orElseThrow();
  }

  private record Launched(int exit, String out, String err) {}

  /** {@code <repo>/tribunal ARGS} run by bash from the scratch folder, TRIBUNAL_* unset. */
  private Launched launch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("tribunal").toString()));
    for (String a : args) {
      cmd.addAll(List.of(a.split(" ")));
    }
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(scratch.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUNAL_"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(8, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("tribunal " + String.join(" ", args) + " did not finish");
    }
    return new Launched(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void assertBalances(JsonNode b) {
    // job 1: price 25, collateral 50, 10% verifier fee; job 2 (cheat): price 20, collateral 40
    expect(b, "user", "10000", "0", "9954.9987", "0", "32"); // 20 refund + 3C/10 = 12;
    // 100 paid inferences at 13 base units each (mlp:784-16-10 = 12,746 ops at 1000 per Mop)
    expect(b, "honest-solver", "10000", "0", "9822.5013", "200", "0"); // -200 +22.5 +0.0013
    expect(b, "cheating-solver", "10000", "0", "9800", "160", "0"); // stake -C
    expect(b, "verifier", "10000", "0", "9902.5", "100", "0"); // -100 stake +2.5 fee
    // C/10 reward (the only open game) + 8 challenger moves (open included) x 1 tUSD, bond back
    expect(b, "challenger", "10000", "0", "10012", "0", "0");
    JsonNode t = b.get("treasury");
    assertThat(t.get("after").get("claimable").asLong() - t.get("before").get("claimable").asLong())
        .isEqualTo(usd("16")); // C - 3C/10 - C/10 - 8 refunds
    assertThat(t.get("after").get("wallet").asText())
        .isEqualTo(t.get("before").get("wallet").asText());
  }

  private static void expect(
      JsonNode balances,
      String party,
      String walletBefore,
      String stakeBefore,
      String walletAfter,
      String stakeAfter,
      String claimableAfter) {
    JsonNode p = balances.get(party);
    assertThat(p).as(party).isNotNull();
    assertThat(p.get("before").get("wallet").asLong()).as(party).isEqualTo(usd(walletBefore));
    assertThat(p.get("before").get("stake").asLong()).as(party).isEqualTo(usd(stakeBefore));
    assertThat(p.get("before").get("claimable").asLong()).as(party).isZero();
    assertThat(p.get("after").get("wallet").asLong()).as(party).isEqualTo(usd(walletAfter));
    assertThat(p.get("after").get("stake").asLong()).as(party).isEqualTo(usd(stakeAfter));
    assertThat(p.get("after").get("claimable").asLong()).as(party).isEqualTo(usd(claimableAfter));
  }

  /**
   * Every role's journal agrees with the chain: MINED and SENT (the daemon was only waiting for the
   * receipt when it stopped) are mined successfully; FAILED is a revert or a nonce the chain used
   * for something else. No job is on hold for an operator.
   */
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
}
