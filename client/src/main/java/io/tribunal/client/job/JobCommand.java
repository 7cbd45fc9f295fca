package io.tribunal.client.job;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tribunal job}: submit signed training jobs, follow them, fetch the model. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Training jobs: quote, submit (signed, direct or via a relay), cancel, status, list,"
            + " result, refund, watch.",
    subcommands = {
      QuoteCommand.class,
      SubmitCommand.class,
      CancelCommand.class,
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
        spec.commandLine(),
        "missing subcommand (quote, submit, cancel, status, list, result, refund, watch)");
  }
}
