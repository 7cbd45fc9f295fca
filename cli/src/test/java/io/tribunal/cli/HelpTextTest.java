package io.tribunal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command, option and parameter of {@code tribunal} has help, and no help text stops in the
 * middle of a sentence: its last line ends like a sentence, a list or a parenthesis.
 */
class HelpTextTest {
  private static boolean complete(String text) {
    String t = text.strip().replaceAll("\\$\\{DEFAULT-VALUE}", "x");
    return !t.isEmpty()
        && t.matches("(?s).*[.!?)\\]}:`'\"x0-9a-zA-Z]")
        && !t.endsWith(",")
        && !t.matches("(?s).*\\b(and|or|the|a|an|to|of|with|for|in|on|by|from|as)$");
  }

  /** The last line that is not blank (blank lines only space the help out). */
  private static String last(String[] lines) {
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i];
      }
    }
    return "";
  }

  private static void walk(CommandLine cmd, List<String> problems) {
    CommandSpec spec = cmd.getCommandSpec();
    String name = spec.qualifiedName();
    String[] description = spec.usageMessage().description();
    if (description.length == 0 && !name.equals("tribunal help")) {
      problems.add(name + ": no description");
    } else if (description.length > 0 && !complete(last(description))) {
      problems.add(name + ": description ends mid-sentence: '" + last(description) + "'");
    }
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp() || o.hidden()) {
        continue;
      }
      String[] d = o.description();
      if (d.length == 0) {
        problems.add(name + " " + o.longestName() + ": no description");
      } else if (!complete(last(d))) {
        problems.add(
            name + " " + o.longestName() + ": ends mid-sentence: '" + d[d.length - 1] + "'");
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      String[] d = p.description();
      if (d.length > 0 && !complete(last(d))) {
        problems.add(
            name + " " + p.paramLabel() + ": ends mid-sentence: '" + d[d.length - 1] + "'");
      }
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      walk(sub, problems);
    }
  }

  @Test
  void everyHelpTextIsPresentAndEndsItsSentence() {
    List<String> problems = new ArrayList<>();
    walk(TribunalCli.commandLine(), problems);
    assertThat(problems).isEmpty();
  }
}
