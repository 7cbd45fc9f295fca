package io.tribunal.devnet.cli;

import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every devnet subcommand shares: the devnet directory and {@code --json}. */
abstract class DevnetSubcommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = DevnetCommand.DEFAULT_DIR,
      description = "Devnet directory (state, logs, keystores). Default: ${DEFAULT-VALUE}")
  Path dir;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Progress goes to stderr so --json stdout stays machine-readable. */
  PrintStream progress() {
    return json ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.err;
  }

  DevnetManager manager() {
    return new DevnetManager(new DevnetDirectory(dir), progress());
  }

  /** Runs an action on the running devnet; "not running" is a usage error (exit 2). */
  <T> T running(Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("no devnet running")) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw e;
    }
  }
}
