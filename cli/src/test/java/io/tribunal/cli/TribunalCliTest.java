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
    assertThat(r.out())
        .contains("Usage: tribunal")
        .contains("devnet")
        .contains("demo")
        .contains("train")
        .contains("replay")
        .contains("bench");
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
  void aMisspelledCommandOrOptionGetsTheClosestOne() {
    Run cmd = run("devnet", "stauts");
    assertThat(cmd.exit()).isEqualTo(2);
    assertThat(cmd.err()).contains("did you mean status?");
    Run opt = run("devnet", "up", "--acounts", "2");
    assertThat(opt.exit()).isEqualTo(2);
    assertThat(opt.err()).contains("did you mean --accounts?");
    assertThat(opt.err().lines().toList()).hasSize(2);
  }

  @Test
  void shellCompletionIsGeneratedForEveryCommand() {
    Run r = run("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F").contains("devnet").contains("withdraw");
  }

  @Test
  void trainRejectsBadInputWithOneLineAndExitCode2() {
    for (String[] args :
        new String[][] {
          {"train", "--model", "cnn:1-2", "--steps", "10", "--out", "x"},
          {"train", "--model", "mlp:784-128-10", "--steps", "0", "--out", "x"},
          {"train", "--lr", "fast", "--steps", "10", "--out", "x"},
          {"train", "--dataset", "/no/such/file.csv", "--steps", "10", "--out", "x"}
        }) {
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).startsWith("tribunal: error: ");
    }
  }

  @Test
  void aMissingKeystoreIsOneLineNotAStackTrace() {
    Run r = run("wallet", "address", "/no/such/keystore.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("tribunal: error: ").contains("/no/such/keystore.json");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("tribunal: error: ");
  }

  @Test
  void disputeHelpTeachesTheGameAndEveryColumnOfTheList() {
    Run top = run("dispute", "--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out())
        .contains("list")
        .contains("show")
        .contains("many games at once")
        .contains("resolveTimeout")
        .contains("tribunal dispute list --open");

    Run list = run("dispute", "list", "--help");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .contains("--open")
        .contains("--json")
        .contains("--rpc-url=URL")
        .contains("--deployment=FILE");
    for (String column :
        new String[] {
          "GAME", "JOB", "CHALLENGER", "KIND", "PHASE", "TURN", "DEADLINE", "OUTCOME"
        }) {
      assertThat(list.out()).contains("  " + column + " ");
    }

    Run show = run("dispute", "show", "--help");
    assertThat(show.exit()).isZero();
    assertThat(show.out()).contains("JOB_ID").contains("every dispute game on a job");
  }

  @Test
  void disputeWithoutSubcommandOrWithABadJobIdIsAUsageError() {
    Run none = run("dispute");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).startsWith("tribunal: error: ").contains("list, show");

    Run bad = run("dispute", "show", "0x1234");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines().toList()).hasSize(1);
    assertThat(bad.err()).startsWith("tribunal: error: ");
  }
}
