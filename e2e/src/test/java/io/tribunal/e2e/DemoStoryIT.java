package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.cli.TribunalCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo story with every role daemon as its own JVM ({@code tribunal demo --processes}) on a
 * real anvil: a relayed MNIST job trained by the honest solver, attested, finalized and paid; a
 * second solver configured to cheat commits a bad trace, the challenger's game pinpoints the step,
 * op and element and the cheat is slashed. Every party's wallet, stake and claimable balance is
 * asserted to the base unit, each role left its own log, and the devnet is down afterwards.
 */
class DemoStoryIT {
  private static long usd(String whole) {
    return new BigDecimal(whole).movePointRight(6).longValueExact();
  }

  @Test
  void theDemoStoryWithEachRoleInItsOwnProcessEndsWithEveryBalanceToTheUnit(@TempDir Path dir)
      throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo", "--processes", "--dir", dir.toString(), "--json");

    assertThat(exit).isZero();
    for (String role : new String[] {"solver-1", "solver-2", "verifier-1", "challenger-1"}) {
      Path log = dir.resolve("logs").resolve(role + ".log");
      assertThat(Files.readString(log)).as(role).containsPattern("0x[0-9a-f]{40}: ready");
    }
    // the cheat's own account of what it flipped is what the game pinpointed
    assertThat(Files.readString(dir.resolve("logs").resolve("solver-2.log")))
        .contains("FlippedOutput[step=37");
    JsonNode b = new ObjectMapper().readTree(out.toString());
    // job 1: price 25, collateral 50, verifier fee 10%; job 2 (the cheat's): price 20, C = 40
    expect(b, "user", "10000", "0", "9954.9987", "0", "32"); // claimable: price 20 + 3C/10;
    // wallet: 100 paid inferences at 13 base units (mlp:784-16-10 = 12,746 ops, 1000 per Mop)
    expect(b, "honest-solver", "10000", "0", "9822.5013", "200", "0"); // stake 200, +22.5 +0.0013
    expect(b, "cheating-solver", "10000", "0", "9800", "160", "0"); // stake 200 - C
    expect(b, "verifier", "10000", "0", "9902.5", "100", "0"); // stake 100, +2.5 fee
    // C/10 reward (the only open game) + 8 challenger moves (open included) x 1 tUSD, bond back
    expect(b, "challenger", "10000", "0", "10012", "0", "0");
    JsonNode t = b.get("treasury");
    assertThat(t.get("after").get("claimable").asLong() - t.get("before").get("claimable").asLong())
        .isEqualTo(usd("16")); // C - 3C/10 - C/10 - 8 refunds
    assertThat(t.get("after").get("wallet").asLong())
        .isEqualTo(t.get("before").get("wallet").asLong());
    assertThat(Files.exists(dir.resolve("devnet.json"))).as("devnet was stopped").isFalse();
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
}
