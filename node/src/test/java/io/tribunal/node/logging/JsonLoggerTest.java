package io.tribunal.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class JsonLoggerTest {
  @Test
  void eachEventIsOneLineOfValidJsonWithItsFields() throws Exception {
    String line =
        JsonLogger.line(
            OffsetDateTime.of(2026, 12, 3, 10, 53, 7, 977_000_000, ZoneOffset.UTC),
            Level.WARN,
            "SolverDaemon",
            "job 0xab: said \"no\"\nthen\tstopped \\ here",
            new IllegalStateException("boom"));
    assertThat(line).doesNotContain("\n");
    JsonNode n = new ObjectMapper().readTree(line);
    assertThat(n.get("ts").asText()).isEqualTo("2026-12-03T10:53:07.977Z");
    assertThat(n.get("level").asText()).isEqualTo("WARN");
    assertThat(n.get("logger").asText()).isEqualTo("SolverDaemon");
    assertThat(n.get("msg").asText()).isEqualTo("job 0xab: said \"no\"\nthen\tstopped \\ here");
    assertThat(n.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(line).startsWith("{\"ts\":");
  }
}
