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

  @Test
  void upThenDownWorksTwiceInARowOnTheSameDirectory() throws Exception {
    for (int round = 1; round <= 2; round++) {
      Run up = run("up", "--dir", dir.toString(), "--accounts", "2", "--json");
      assertThat(up.exit()).as("up round %d: %s", round, up.err()).isZero();
      JsonNode doc = JSON.readTree(up.out());
      long pid = doc.get("pid").asLong();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      assertThat(doc.get("accounts").size()).isEqualTo(2);
      assertThat(Files.isRegularFile(dir.resolve("keystore/user-1.json"))).isTrue();
      assertThat(Files.isRegularFile(dir.resolve("keystore/solver-1.json"))).isTrue();
      Deployment deployment = Deployment.read(dir.resolve("deployment.json"));
      assertThat(deployment.address("TestUSD"))
          .isEqualTo(doc.at("/contracts/TestUSD/address").asText());
      assertThat(deployment.rpcUrl()).isEqualTo(doc.get("rpcUrl").asText());

      Run status = run("status", "--dir", dir.toString(), "--json");
      assertThat(status.exit()).isZero();
      assertThat(JSON.readTree(status.out()).get("status").asText()).isEqualTo("running");

      Run down = run("down", "--dir", dir.toString(), "--json");
      assertThat(down.exit()).isZero();
      assertThat(JSON.readTree(down.out()).get("status").asText()).isEqualTo("stopped");
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(run("status", "--dir", dir.toString()).exit()).isEqualTo(3);
    }
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
}
