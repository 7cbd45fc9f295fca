package io.tribunal.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.devnet.cli.DevnetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevnetCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Output of one command run. */
  record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DevnetCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @AfterEach
  void alwaysStop() {
    run("down", "--dir", dir.toString());
  }

  /**
   * up, down, up again: the second up restores the saved chain (same contracts, keys, balances,
   * blocks); without a saved chain the keys are not replaced silently; --reset starts afresh.
   */
  @Test
  void downSavesTheChainUpRestoresItAndResetStartsAfresh() throws Exception {
    Run first = run("up", "--dir", dir.toString(), "--accounts", "2", "--json");
    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode doc = JSON.readTree(first.out());
    assertThat(doc.get("restored").asBoolean()).isFalse();
    long pid = doc.get("pid").asLong();
    String user = doc.at("/accounts/user-1").asText();
    String token = doc.at("/contracts/TestUSD/address").asText();
    assertThat(Files.isRegularFile(dir.resolve("keystore/user-1.json"))).isTrue();
    Deployment deployment = Deployment.read(dir.resolve("deployment.json"));
    assertThat(deployment.address("TestUSD")).isEqualTo(token);
    assertThat(deployment.rpcUrl()).isEqualTo(doc.get("rpcUrl").asText());
    assertThat(
            JSON.readTree(run("status", "--dir", dir.toString(), "--json").out())
                .get("status")
                .asText())
        .isEqualTo("running");
    assertThat(run("fund", user, "--tusd", "7", "--dir", dir.toString()).exit()).isZero();
    long head =
        JSON.readTree(run("mine", "3", "--dir", dir.toString(), "--json").out())
            .get("block")
            .asLong();

    Run down = run("down", "--dir", dir.toString(), "--json");
    assertThat(down.exit()).isZero();
    assertThat(JSON.readTree(down.out()).get("status").asText()).isEqualTo("stopped");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(run("status", "--dir", dir.toString()).exit()).isEqualTo(3);
    assertThat(dir.resolve("chain-state.json")).as("chain saved on down").isRegularFile();

    Run restored = run("up", "--dir", dir.toString(), "--json");
    assertThat(restored.exit()).as(restored.err()).isZero();
    JsonNode again = JSON.readTree(restored.out());
    assertThat(again.get("restored").asBoolean()).isTrue();
    assertThat(again.at("/accounts/user-1").asText()).isEqualTo(user);
    assertThat(again.at("/contracts/TestUSD/address").asText()).isEqualTo(token);
    assertThat(again.get("chainId").asLong()).isEqualTo(deployment.chainId());
    try (var chain = io.tribunal.bindings.TribunalChain.connect(again.get("rpcUrl").asText())) {
      assertThat(chain.blockNumber().longValueExact())
          .as("blocks kept")
          .isGreaterThanOrEqualTo(head);
      var usd =
          io.tribunal.bindings.generated.TestUSD.load(
              token,
              chain.web3j(),
              new org.web3j.tx.ReadonlyTransactionManager(chain.web3j(), user),
              chain.gasProvider());
      assertThat(usd.balanceOf(user).send())
          .as("balances kept: 10,000 + 7 tUSD")
          .isEqualTo(java.math.BigInteger.valueOf(10_007_000_000L));
    }
    assertThat(run("down", "--dir", dir.toString()).exit()).isZero();

    Files.delete(dir.resolve("chain-state.json"));
    Run refused = run("up", "--dir", dir.toString(), "--accounts", "2");
    assertThat(refused.exit()).as("keys without a chain are not replaced silently").isEqualTo(2);
    assertThat(refused.err())
        .contains("holds the keystores of an earlier devnet")
        .contains("--reset");
    assertThat(run("status", "--dir", dir.toString()).exit()).as("nothing started").isEqualTo(3);

    Run reset = run("up", "--dir", dir.toString(), "--accounts", "2", "--json", "--reset");
    assertThat(reset.exit()).as(reset.err()).isZero();
    JsonNode fresh = JSON.readTree(reset.out());
    assertThat(fresh.get("restored").asBoolean()).isFalse();
    assertThat(fresh.at("/accounts/user-1").asText()).as("new keys").isNotEqualTo(user);
  }

  @Test
  void upRefusesAPortThatIsBusy() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Run up = run("up", "--dir", dir.toString(), "--port", Integer.toString(busy.getLocalPort()));
      assertThat(up.exit()).isEqualTo(2);
      assertThat(up.err()).contains("port " + busy.getLocalPort()).contains("is busy");
      assertThat(Files.exists(dir.resolve("devnet.json"))).isFalse();
    }
  }

  @Test
  void upRefusesToStartASecondDevnetInTheSameDirectory() {
    assertThat(run("up", "--dir", dir.toString(), "--accounts", "0").exit()).isZero();
    Run second = run("up", "--dir", dir.toString(), "--accounts", "0");
    assertThat(second.exit()).isNotZero();
    assertThat(second.err()).contains("already running");
  }

  @Test
  void downWithoutADevnetSaysSo() {
    Run down = run("down", "--dir", dir.toString());
    assertThat(down.exit()).isZero();
    assertThat(down.out()).contains("no devnet running");
  }

  @Test
  void theChainMovesOnItsOwnAndMineWarpAndFundWork() throws Exception {
    Run up = run("up", "--dir", dir.toString(), "--accounts", "0", "--block-time", "1", "--json");
    assertThat(up.exit()).as(up.err()).isZero();
    String rpc = JSON.readTree(up.out()).get("rpcUrl").asText();
    try (var chain = io.tribunal.bindings.TribunalChain.connect(rpc)) {
      long start = chain.blockNumber().longValueExact();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (chain.blockNumber().longValueExact() < start + 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(chain.blockNumber().longValueExact())
          .as("blocks arrive with no transaction")
          .isGreaterThanOrEqualTo(start + 2);

      long before = chain.blockNumber().longValueExact();
      Run mine = run("mine", "5", "--dir", dir.toString(), "--json");
      assertThat(mine.exit()).as(mine.err()).isZero();
      assertThat(JSON.readTree(mine.out()).get("block").asLong())
          .isGreaterThanOrEqualTo(before + 5);

      long t0 = io.tribunal.devnet.kit.AnvilRpc.now(chain).longValueExact();
      Run warp = run("warp", "2h", "--dir", dir.toString(), "--json");
      assertThat(warp.exit()).as(warp.err()).isZero();
      assertThat(JSON.readTree(warp.out()).get("timestamp").asLong())
          .isGreaterThanOrEqualTo(t0 + 7200);

      String fresh =
          org.web3j.crypto.Keys.toChecksumAddress(
              org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair()));
      Run fund = run("fund", fresh, "--eth", "3", "--tusd", "25", "--dir", dir.toString());
      assertThat(fund.exit()).as(fund.err()).isZero();
      assertThat(chain.ethBalance(fresh))
          .isEqualTo(java.math.BigInteger.TEN.pow(18).multiply(java.math.BigInteger.valueOf(3)));
      Deployment d = Deployment.read(dir.resolve("deployment.json"));
      var token =
          io.tribunal.bindings.generated.TestUSD.load(
              d.address("TestUSD"),
              chain.web3j(),
              new org.web3j.tx.ReadonlyTransactionManager(chain.web3j(), fresh),
              chain.gasProvider());
      assertThat(token.balanceOf(fresh).send()).isEqualTo(java.math.BigInteger.valueOf(25_000_000));

      // bad input: one clear line, exit 2, nothing sent
      int letter = 2;
      while (!Character.isLetter(fresh.charAt(letter))) {
        letter++; // 40 random hex digits without a letter: probability 2^-27
      }
      String typo =
          fresh.substring(0, letter) + swapCase(fresh.charAt(letter)) + fresh.substring(letter + 1);
      Run bad = run("fund", typo, "--dir", dir.toString());
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("EIP-55 checksum");
      Run notHex = run("fund", "0x1234", "--dir", dir.toString());
      assertThat(notHex.exit()).isEqualTo(2);
      assertThat(notHex.err()).contains("40 hex digits");
      Run badWarp = run("warp", "2 hours", "--dir", dir.toString());
      assertThat(badWarp.exit()).isEqualTo(2);
      assertThat(badWarp.err()).contains("DURATION must be a number with a unit");
      assertThat(chain.ethBalance(fresh))
          .as("unchanged")
          .isEqualTo(java.math.BigInteger.TEN.pow(18).multiply(java.math.BigInteger.valueOf(3)));
    }
    Path other = dir.resolve("elsewhere");
    Run notRunning = run("mine", "--dir", other.toString());
    assertThat(notRunning.exit()).isEqualTo(2);
    assertThat(notRunning.err()).contains("no devnet running from").contains("tribunal devnet up");
  }

  private static char swapCase(char c) {
    return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
  }
}
