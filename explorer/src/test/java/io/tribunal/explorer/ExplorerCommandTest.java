package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExplorerCommandTest {
  @Test
  void helpTeachesThePagesTheApiAndThatNothingIsSent() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ExplorerCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString())
        .contains("--rpc-url", "--deployment", "--port", "/api", "/jobs", "/games/<id>")
        .contains("no key", "Examples:");
  }

  @Test
  void aPortOutOfRangeIsRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ExplorerCommand());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--port", "70000", "--deployment", "/nonexistent.json")).isNotZero();
    assertThat(err.toString()).contains("--port must be 0..65535");
  }
}
