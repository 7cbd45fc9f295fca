package io.tribunal.core.cli;

import picocli.CommandLine;

/**
 * Entry point for the core commands on their own ({@code java -cp ... io.tribunal.core.cli.CoreCli
 * train ...}) and the shared picocli configuration the {@code tribunal} app should apply: bad input
 * prints ONE line to stderr and exits with code 2.
 */
@CommandLine.Command(
    name = "tribunal-core",
    mixinStandardHelpOptions = true,
    description = "Deterministic fixed-point training, replay and benchmarks.",
    subcommands = {
      TrainCommand.class,
      ReplayCommand.class,
      io.tribunal.core.bench.BenchCommand.class
    })
public final class CoreCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** A configured command line over all core commands. */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new CoreCli()));
  }

  /** Applies the one-line error handler; use it on any CommandLine holding core commands. */
  public static CommandLine configure(CommandLine cl) {
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          String message = String.valueOf(ex.getMessage()).replace('\n', ' ').strip();
          c.getErr().println(c.getCommandName() + ": " + message + " (see --help)");
          return c.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }
}
