package io.tribunal.e2e.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.solver.inference.ServeCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * kill -9 of the server (a separate JVM) after it persisted a voucher and before it answered: after
 * a restart the server still holds the voucher, and it is redeemable on chain.
 */
@ExtendWith(AnvilExtension.class)
class ServerCrashIT {
  @TempDir Path dir;

  @Test
  void aVoucherPersistedBeforeAKill9IsStillRedeemableAfterRestart(Devnet devnet) throws Exception {
    World world = World.create(devnet, dir);
    Credentials payee = world.freshAccount(1, 0);
    Credentials payer = world.freshAccount(1, 10);
    Path keystore = keystore(payee);
    Path deployment = dir.resolve("deployment.json");
    devnet.deployment().write(deployment);
    ChannelBook book = new ChannelBook(dir.resolve("payer"));
    ChannelRecord ch = world.openChannel(payer, payee.getAddress(), World.usd(1), book);

    Server first = Server.start(args(devnet, deployment, keystore, world, true));
    // reserve exactly one request, so the durable ceiling is the one voucher sent
    PaidInference client = new PaidInference(book, ch.channelId(), payer, 1);
    int[] input = world.data.heldOut().features().row(3);
    CompletableFuture<?> pending =
        CompletableFuture.runAsync(() -> client.infer(first.url, world.modelHash, input));
    assertThat(first.awaitLine("TEST: voucher persisted", 30)).isTrue();
    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    first.process.waitFor(10, TimeUnit.SECONDS);
    assertThat(pending).failsWithin(30, TimeUnit.SECONDS);
    BigInteger signed = book.require(ch.channelId()).signed();
    assertThat(signed).isPositive();

    Server second = Server.start(args(devnet, deployment, keystore, world, false));
    try {
      JsonNode v = new PaidInference(book, ch.channelId(), payer).lastAccepted(second.url);
      assertThat(new BigInteger(v.path("cumulativeAmount").asText())).isEqualTo(signed);
      new DevnetDeployer(devnet.chain(), devnet.account(0))
          .channels(devnet.deployment(), payee)
          .claim(
              payer.getAddress(),
              World.utf8Hex(ch.salt()),
              signed,
              EcdsaSignature.fromHex(v.path("signature").asText()).toBytes())
          .send();
      assertThat(world.balance(payee.getAddress())).isEqualTo(signed);
    } finally {
      second.process.destroyForcibly();
      second.process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private List<String> args(
      Devnet devnet, Path deployment, Path keystore, World world, boolean stall) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--rpc-url", devnet.chain().rpcUrl(),
                "--deployment", deployment.toString(),
                "--keystore", keystore.toString(),
                "--password-file", dir.resolve("password.txt").toString(),
                "--models", world.modelsDir.toString(),
                "--data-dir", dir.resolve("server-data").toString(),
                "--port", "0",
                "--claim-threshold", "1000000000",
                "--tick-ms", "200"));
    if (stall) {
      a.add("--test-stall-after-persist");
    }
    return a;
  }

  private Path keystore(Credentials c) throws Exception {
    Files.writeString(dir.resolve("password.txt"), "crash-test\n");
    Path ks = dir.resolve("keystore");
    Files.createDirectories(ks);
    String name =
        WalletUtils.generateWalletFile("crash-test", c.getEcKeyPair(), ks.toFile(), false);
    return ks.resolve(name);
  }

  /** {@code ServeCommand.main} in its own JVM, with the test classpath. */
  private record Server(Process process, URI url, LinkedBlockingQueue<String> lines) {
    static Server start(List<String> args) throws Exception {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ServeCommand.class.getName()));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                  }
                } catch (Exception ignored) {
                  // process gone
                }
              });
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        String l = lines.poll(1, TimeUnit.SECONDS);
        if (l != null && l.contains("listening on ")) {
          return new Server(p, URI.create(l.substring(l.indexOf("http://")).strip()), lines);
        }
        if (!p.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("server did not start: " + lines);
    }

    boolean awaitLine(String text, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        String l = lines.poll(200, TimeUnit.MILLISECONDS);
        if (l != null && l.contains(text)) {
          return true;
        }
      }
      return false;
    }
  }
}
