package io.tribunal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's {@code tribunal demo}, run as the command itself (role daemons on threads): the
 * honest job pays the solver and the verifier, the cheat is slashed, and the JSON balance table
 * matches to the base unit; the devnet is down afterwards.
 */
class DemoIT {
  private static long usd(String whole) {
    return new java.math.BigDecimal(whole).movePointRight(6).longValueExact();
  }

  @Test
  void demoTellsTheWholeStoryAndTearsTheDevnetDown(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo", "--dir", dir.toString(), "--json");

    assertThat(exit).isZero();
    JsonNode b = new ObjectMapper().readTree(out.toString());
    // job 1: price 25, collateral 50, 10% verifier fee; job 2 (cheat): price 20, collateral 40
    expect(b, "user", "10000", "0", "0", "9954.9987", "0", "32"); // 20 refund + 3C/10 = 12;
    // 100 paid inferences at 13 base units each (mlp:784-16-10 = 12,746 ops at 1000 per Mop)
    expect(b, "honest-solver", "10000", "0", "0", "9822.5013", "200", "0"); // -200 +22.5 +0.0013
    expect(b, "cheating-solver", "10000", "0", "0", "9800", "160", "0"); // stake -C
    expect(b, "verifier", "10000", "0", "0", "9902.5", "100", "0"); // -100 stake +2.5 fee
    expect(b, "challenger", "10000", "0", "0", "10020", "0", "0"); // C/2 bounty, bond back
    JsonNode t = b.get("treasury");
    assertThat(t.get("after").get("claimable").asLong() - t.get("before").get("claimable").asLong())
        .isEqualTo(usd("8")); // C - C/2 - 3C/10
    assertThat(t.get("after").get("wallet").asText())
        .isEqualTo(t.get("before").get("wallet").asText());
    assertThat(Files.exists(dir.resolve("devnet.json"))).as("devnet was stopped").isFalse();
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
