package io.tribunal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TribunalCliTest {
  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: tribunal").contains("devnet").contains("demo");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("tribunal ").doesNotContain("unknown");
  }

  @Test
  void badInputGetsOneLineErrorAndExitCode2() {
    Run r = run("devnet", "up", "--port", "notaport");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(2);
    assertThat(r.err()).startsWith("tribunal: error: ").contains("--port");
    assertThat(r.err()).contains("Try 'tribunal devnet up --help'");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("tribunal: error: ");
  }
}
