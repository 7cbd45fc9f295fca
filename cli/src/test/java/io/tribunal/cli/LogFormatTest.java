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
}
