package io.tribunal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Operators read timestamped lines: the shipped logging configuration puts the time first. */
class LogFormatTest {
  @Test
  void everyLogLineStartsWithAnIsoTimestamp() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LoggerFactory.getLogger("io.tribunal.solver.daemon.SolverDaemon")
          .info("job 0xabc: committed (tx 0xdef)");
    } finally {
      System.setErr(saved);
    }
    String line = captured.toString(StandardCharsets.UTF_8).strip();
    assertThat(line)
        .matches(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO"
                + " SolverDaemon - job 0xabc: committed \\(tx 0xdef\\)");
  }

  /** Logs two lines the way a daemon's main does, after choosing the format. */
  public static final class Emit {
    public static void main(String[] args) {
      io.tribunal.node.logging.LogFormat.apply();
      var log = LoggerFactory.getLogger("io.tribunal.solver.daemon.SolverDaemon");
      log.info("job {}: committed (tx {})", "0xabc", "0xdef");
      log.warn("a \"quoted\"\nmessage", new IllegalStateException("boom"));
      log.debug("not shown at the default level");
    }
  }

  @Test
  void theJsonOptionGivesOneJsonObjectPerLineWithSlf4jSimpleStillOnTheClasspath() throws Exception {
    Process p =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Emit.class.getName())
            .redirectErrorStream(true)
            .start();
    String text;
    try (var in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor()).isZero();
    assertThat(text)
        .as("text by default")
        .startsWith("20")
        .contains(" INFO SolverDaemon - job 0xabc");

    ProcessBuilder json =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Emit.class.getName())
            .redirectErrorStream(true);
    json.environment().put("TRIBUNAL_LOG_FORMAT", "json");
    Process q = json.start();
    String out;
    try (var in = q.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(q.waitFor()).isZero();
    java.util.List<String> lines = out.strip().lines().toList();
    assertThat(lines).as(out).hasSize(2);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var first = mapper.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("SolverDaemon");
    assertThat(first.get("msg").asText()).isEqualTo("job 0xabc: committed (tx 0xdef)");
    assertThat(first.get("ts").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    var second = mapper.readTree(lines.get(1));
    assertThat(second.get("msg").asText()).isEqualTo("a \"quoted\"\nmessage");
    assertThat(second.get("error").asText()).contains("boom");
  }
}
