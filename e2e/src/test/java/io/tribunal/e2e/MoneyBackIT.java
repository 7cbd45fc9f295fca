package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.cli.TribunalCli;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Money in and out with the {@code tribunal} command alone: a job nobody claims is refunded after
 * its claim deadline (and not before), the refund shows in {@code balance}, and {@code withdraw}
 * brings the wallet back to the unit. Wrong input changes nothing.
 */
@ExtendWith(AnvilExtension.class)
class MoneyBackIT {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run tribunal(World world, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--deployment", world.deploymentFile.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anUnclaimedJobIsRefundedAndWithdrawnToTheUnit(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      String ks = world.keystore("user").toString();
      String pw = world.passwordFile.toString();
      BigInteger start = world.token(user.getAddress());
      assertThat(start).isEqualTo(World.usd(100));

      Run submit =
          tribunal(
              world,
              "job",
              "submit",
              "--keystore",
              ks,
              "--password-file",
              pw,
              "--model",
              "mlp:784-16-10",
              "--dataset",
              "mnist",
              "--dataset-cache",
              dir.resolve("datasets").toString(),
              "--steps",
              "8",
              "--price",
              "2.5",
              "--claim-window",
              "60");
      assertThat(submit.exit()).as(submit.err()).isZero();
      String id = submit.out().strip();
      assertThat(world.token(user.getAddress()))
          .isEqualTo(start.subtract(BigInteger.valueOf(2_500_000)));

      Run status = tribunal(world, "job", "status", id);
      assertThat(status.out())
          .contains("price:        2.5 tUSD  collateral: 5 tUSD")
          .contains("refund:       refundable if nobody claims it by");
      Run early = tribunal(world, "job", "refund", id, "--keystore", ks, "--password-file", pw);
      assertThat(early.exit()).isEqualTo(2);
      assertThat(early.err()).contains("is OPEN: refundable if nobody claims it by");
      long nonce = world.nonce(user.getAddress());
      Run watching = tribunal(world, "job", "watch", id, "--timeout", "1", "--interval", "200");
      assertThat(watching.exit()).as("nobody claims it within the timeout").isEqualTo(3);
      assertThat(watching.out())
          .contains("OPEN: 2.5 tUSD, waiting for a solver until")
          .contains("still OPEN after 1 s");

      AnvilRpc.advanceTime(devnet.chain(), 120);
      assertThat(tribunal(world, "job", "status", id).out())
          .contains("refund:       available now");
      Run refund = tribunal(world, "job", "refund", id, "--keystore", ks, "--password-file", pw);
      assertThat(refund.exit()).as(refund.err()).isZero();
      assertThat(refund.out()).contains("refunded 2.5 tUSD");
      assertThat(world.nonce(user.getAddress())).isEqualTo(nonce + 1);
      Run ended = tribunal(world, "job", "watch", id);
      assertThat(ended.exit()).isZero();
      assertThat(ended.out()).contains("REFUNDED: 2.5 tUSD back to the user's market balance");

      Run balance = tribunal(world, "balance", "--keystore", ks);
      assertThat(balance.exit()).as(balance.err()).isZero();
      assertThat(balance.out())
          .contains("tUSD in wallet:    97.5")
          .contains("market claimable:  2.5")
          .contains("withdrawable now:  2.5 tUSD (run 'tribunal withdraw')");
      Run json = tribunal(world, "balance", "--address", user.getAddress(), "--json");
      var doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.get("marketClaimableUnits").asText()).isEqualTo("2500000");
      assertThat(doc.get("walletUnits").asText()).isEqualTo("97500000");

      Run withdraw = tribunal(world, "withdraw", "--keystore", ks, "--password-file", pw);
      assertThat(withdraw.exit()).as(withdraw.err()).isZero();
      assertThat(withdraw.out()).contains("withdrew 2.5 tUSD from the market");
      assertThat(world.token(user.getAddress())).as("back to the unit").isEqualTo(start);
      assertThat(tribunal(world, "withdraw", "--keystore", ks, "--password-file", pw).out())
          .contains("nothing to withdraw");

      // an operator's way out: stake 10, unstake 4 (free stake only), withdraw it after the delay
      var d = world.devnet.deployment();
      world.deployer.token(d, user).approve(d.address("StakeRegistry"), World.usd(10)).send();
      var registry = world.deployer.registry(d, user);
      registry.stake(World.usd(10)).send();
      Run tooMuch =
          tribunal(world, "unstake", "--amount", "11", "--keystore", ks, "--password-file", pw);
      assertThat(tooMuch.exit()).isEqualTo(2);
      assertThat(tooMuch.err()).contains("is more than the free stake, 10 tUSD");
      Run unstake =
          tribunal(world, "unstake", "--amount", "4", "--keystore", ks, "--password-file", pw);
      assertThat(unstake.exit()).as(unstake.err()).isZero();
      assertThat(unstake.out()).contains("unbonding 4 tUSD");
      assertThat(tribunal(world, "balance", "--keystore", ks).out())
          .contains("stake:             6 active")
          .contains("unbonding:         4, withdrawable from");
      assertThat(tribunal(world, "withdraw", "--keystore", ks, "--password-file", pw).out())
          .as("not before the delay")
          .contains("nothing to withdraw");
      AnvilRpc.advanceTime(devnet.chain(), registry.unbondingDelay().send().longValueExact() + 1);
      Run out = tribunal(world, "withdraw", "--keystore", ks, "--password-file", pw);
      assertThat(out.out()).contains("withdrew 4 tUSD from the unbonded stake");
      assertThat(world.token(user.getAddress())).isEqualTo(start.subtract(World.usd(6)));

      // wrong input: one line, exit 2, nothing sent
      long after = world.nonce(user.getAddress());
      String checksummed = Keys.toChecksumAddress(user.getAddress());
      int letter = 2;
      while (!Character.isLetter(checksummed.charAt(letter))) {
        letter++;
      }
      char c = checksummed.charAt(letter);
      String typo =
          checksummed.substring(0, letter)
              + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
              + checksummed.substring(letter + 1);
      Run badAddress = tribunal(world, "balance", "--address", typo);
      assertThat(badAddress.exit()).isEqualTo(2);
      assertThat(badAddress.err()).contains("fails its EIP-55 checksum");
      Run again = tribunal(world, "job", "refund", id, "--keystore", ks, "--password-file", pw);
      assertThat(again.exit()).isEqualTo(2);
      assertThat(again.err()).contains("is REFUNDED: only OPEN or CLAIMED jobs are refunded");
      Run badTo =
          tribunal(world, "withdraw", "--keystore", ks, "--password-file", pw, "--to", "0x12");
      assertThat(badTo.exit()).isEqualTo(2);
      assertThat(world.nonce(user.getAddress())).isEqualTo(after);
    }
  }
}
