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

/** The README's demo runs end to end and leaves nothing running. */
class DemoIT {
  @Test
  void demoMovesTokensWithAPermitAndTearsTheDevnetDown(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo", "--dir", dir.toString(), "--json");

    assertThat(exit).isZero();
    JsonNode balances = new ObjectMapper().readTree(out.toString());
    JsonNode user = balances.get("user-1 (signs the permit)");
    JsonNode receiver = balances.get("verifier-1 (receives)");
    assertThat(user.get("before").asText()).isEqualTo("10000000000");
    assertThat(user.get("after").asText()).isEqualTo("9875000000");
    assertThat(receiver.get("after").asText()).isEqualTo("10125000000");
    assertThat(Files.exists(dir.resolve("devnet.json"))).as("devnet was stopped").isFalse();
  }
}
