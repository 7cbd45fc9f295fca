package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.cli.TribunalCli;
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

/**
 * {@code tribunal job submit} as a user types it: amounts in tokens, echoed before signing; bad
 * input is one clear line, exit code 2 and no transaction; an unreachable relay and a reverting
 * submission name their cause (the custom error decoded, as cast does), with nothing sent.
 */
@ExtendWith(AnvilExtension.class)
class SubmitInputIT {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run tribunal(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private List<String> submit(World world, String role, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "job",
                "submit",
                "--deployment",
                world.deploymentFile.toString(),
                "--keystore",
                world.keystore(role).toString(),
                "--password-file",
                world.passwordFile.toString(),
                "--dataset",
                "mnist",
                "--dataset-cache",
                dir.resolve("datasets").toString()));
    args.addAll(List.of(extra));
    if (!args.contains("--model")) {
      args.addAll(List.of("--model", "mlp:784-16-10"));
    }
    return args;
  }

  @Test
  void badInputIsOneLineExitTwoAndSendsNothing(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      long nonce = world.nonce(user.getAddress());
      record Case(String[] args, String message) {}
      List<Case> cases =
          List.of(
              new Case(
                  new String[] {"--steps", "0", "--price", "5"}, "--steps must be >= 1, got 0"),
              new Case(
                  new String[] {"--steps", "8", "--price", "2.5x"},
                  "--price '2.5x' is not a number"),
              new Case(
                  new String[] {"--steps", "8", "--price", "0.0000001"},
                  "has more than 6 decimals"),
              new Case(new String[] {"--steps", "8", "--price", "-3"}, "--price must be positive"),
              new Case(
                  new String[] {"--steps", "8", "--price", "12abcunits"},
                  "base units must be a positive whole number"),
              new Case(
                  new String[] {"--steps", "8", "--price", "5", "--model", "mlp:100-10"},
                  "expects 100 inputs but dataset"));
      for (Case c : cases) {
        Run r = tribunal(submit(world, "user", c.args()));
        assertThat(r.exit()).as("%s: %s", List.of(c.args()), r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("tribunal: error: ").contains(c.message());
        assertThat(r.err().lines().count()).as(r.err()).isOne();
      }
      assertThat(world.nonce(user.getAddress())).as("no transaction").isEqualTo(nonce);
    }
  }

  @Test
  void pricesAreTokensEchoedBeforeSigningAndFailuresNameTheirCause(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      world.account("poor", 1, 0);

      // 2.5 tokens = 2,500,000 base units at 6 decimals, echoed before anything is signed
      Run ok = tribunal(submit(world, "user", "--steps", "8", "--price", "2.5"));
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.err())
          .contains("price 2.5 tUSD (2500000 units), collateral 5 tUSD")
          .contains("mlp:784-16-10 on mnist, 8 steps");
      var id = io.tribunal.bindings.eip712.Bytes32.fromHex(ok.out().strip());
      assertThat(world.job(id).price).isEqualTo(BigInteger.valueOf(2_500_000));
      assertThat(world.job(id).collateral).isEqualTo(BigInteger.valueOf(5_000_000));

      // the relay is down: its URL and cause, nothing signed away
      int closed = RpcProxy.freePort();
      long nonce = world.nonce(user.getAddress());
      Run relay =
          tribunal(
              submit(
                  world,
                  "user",
                  "--steps",
                  "8",
                  "--price",
                  "5",
                  "--relay",
                  "http://127.0.0.1:" + closed));
      assertThat(relay.exit()).isEqualTo(1);
      assertThat(relay.err())
          .contains("cannot reach the relay at http://127.0.0.1:" + closed + "/v1/jobs")
          .contains("nothing was sent")
          .doesNotContain("null");
      assertThat(world.nonce(user.getAddress())).isEqualTo(nonce);

      // a user with no tUSD: the token's custom error is named with its arguments
      Run poor = tribunal(submit(world, "poor", "--steps", "8", "--price", "5"));
      assertThat(poor.exit()).isEqualTo(1);
      assertThat(poor.err())
          .contains("ERC20InsufficientBalance(sender: ")
          .contains("balance: 0, needed: 5000000)")
          .doesNotContain("custom error 0x");
    }
  }
}
