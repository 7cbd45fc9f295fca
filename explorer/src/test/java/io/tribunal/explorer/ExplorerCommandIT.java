package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tribunal explorer} as an operator runs it: it indexes, serves, prints its URL, stops. */
@ExtendWith(AnvilExtension.class)
class ExplorerCommandIT {
  @Test
  void theCommandServesTheChainItIsPointedAt(Devnet devnet, @TempDir Path tmp) throws Exception {
    Path deployment = tmp.resolve("deployment.json");
    devnet.deployment().write(deployment);
    StringWriter out = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread run =
        Thread.ofPlatform()
            .start(
                () -> {
                  CommandLine cli = new CommandLine(new ExplorerCommand());
                  cli.setOut(new PrintWriter(out, true));
                  exit.set(
                      cli.execute(
                          "--deployment",
                          deployment.toString(),
                          "--rpc-url",
                          devnet.anvil().rpcUrl(),
                          "--port",
                          "0",
                          "--poll",
                          "100"));
                });
    Pattern url = Pattern.compile("explorer: (http://127\\.0\\.0\\.1:(\\d+))/");
    Matcher m = url.matcher("");
    long end = System.currentTimeMillis() + 30_000;
    while (!(m = url.matcher(out.toString())).find()) {
      assertThat(System.currentTimeMillis()).as("the URL is printed: " + out).isLessThan(end);
      Thread.sleep(50);
    }
    Http http = new Http(m.group(1), Integer.parseInt(m.group(2)));
    assertThat(http.json("/api/network").get("network").get("chainId").asLong())
        .isEqualTo(devnet.deployment().chainId());
    assertThat(http.get("/jobs").statusCode()).isEqualTo(200);

    run.interrupt(); // what Ctrl-C's shutdown hook amounts to: the command closes what it opened
    run.join(10_000);
    assertThat(run.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(2)))) {
      throw new AssertionError("the server still listens after the command ended");
    } catch (ConnectException expected) {
      // closed
    }
  }
}
