package io.tribunal.client.job;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tribunal job}: submit signed training jobs, follow them, fetch the model. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Training jobs: submit (signed, direct or via a relay), status, list, result.",
    subcommands = {
      SubmitCommand.class,
      StatusCommand.class,
      ListCommand.class,
      ResultCommand.class,
      RefundCommand.class,
      WatchCommand.class
    })
public final class JobCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand (submit, status, list, result)");
  }
}
