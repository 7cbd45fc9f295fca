package io.tribunal.cli;

import io.tribunal.bench.BenchCommand;
import io.tribunal.challenger.ChallengerCommand;
import io.tribunal.cli.demo.DemoCommand;
import io.tribunal.cli.graph.GraphCommand;
import io.tribunal.cli.train.GenerateCommand;
import io.tribunal.cli.train.ReplayCommand;
import io.tribunal.cli.train.TrainCommand;
import io.tribunal.client.account.BalanceCommand;
import io.tribunal.client.account.UnstakeCommand;
import io.tribunal.client.account.WithdrawCommand;
import io.tribunal.client.channel.ChannelCommand;
import io.tribunal.client.infer.InferCommand;
import io.tribunal.client.job.JobCommand;
import io.tribunal.client.market.ModelsCommand;
import io.tribunal.client.market.SolversCommand;
import io.tribunal.client.predict.PredictCommand;
import io.tribunal.client.wallet.WalletCommand;
import io.tribunal.devnet.cli.DevnetCommand;
import io.tribunal.explorer.ExplorerCommand;
import io.tribunal.protocol.dispute.cli.DisputeCommand;
import io.tribunal.solver.SolverCommand;
import io.tribunal.verifier.VerifierCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code tribunal} command. Every role's subcommands hang off it. Exit codes: 0 success, 1
 * the operation failed, 2 bad command-line input (one-line message), 3 "not running" from status
 * commands.
 */
@Command(
    name = "tribunal",
    mixinStandardHelpOptions = true,
    versionProvider = TribunalCli.Version.class,
    description = {
      "Tribunal: a trustless, blockchain-settled market for ML training and inference.",
      "Solvers train deterministically and commit Merkle roots on-chain; verifiers and",
      "challengers replay samples and win an on-chain bisection game against any cheat."
    },
    footer = {"", "Run 'tribunal <command> --help' for a command's options and defaults."},
    subcommands = {
      DemoCommand.class,
      DevnetCommand.class,
      TrainCommand.class,
      ReplayCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
      GraphCommand.class,
      SolverCommand.class,
      ChannelCommand.class,
      InferCommand.class,
      VerifierCommand.class,
      ChallengerCommand.class,
      WalletCommand.class,
      BalanceCommand.class,
      WithdrawCommand.class,
      UnstakeCommand.class,
      SolversCommand.class,
      ModelsCommand.class,
      JobCommand.class,
      PredictCommand.class,
      DisputeCommand.class,
      ExplorerCommand.class,
      CommandLine.HelpCommand.class,
      picocli.AutoComplete.GenerateCompletion.class
    })
public final class TribunalCli {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private TribunalCli() {}

  public static void main(String[] args) {
    io.tribunal.node.logging.LogFormat.apply();
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TribunalCli());
    cli.setParameterExceptionHandler(TribunalCli::usageError);
    cli.setExecutionExceptionHandler(TribunalCli::failure);
    return cli;
  }

  /** Bad input: one line saying what is wrong, one line saying where help is. Exit 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("tribunal: error: " + firstLine(e.getMessage()) + suggestion(e));
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return EXIT_USAGE;
  }

  /** " (did you mean x?)" for a misspelled subcommand or option picocli found a close match for. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      java.util.List<String> close = u.getSuggestions();
      if (!close.isEmpty()) {
        return " (did you mean "
            + String.join(" or ", close.subList(0, Math.min(3, close.size())))
            + "?)";
      }
    }
    return "";
  }

  /** The operation failed: one line with the cause; the stack trace only with TRIBUNAL_DEBUG=1. */
  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof IllegalArgumentException) {
      err.println("tribunal: error: " + firstLine(reason(e)));
      err.flush();
      return EXIT_USAGE;
    }
    err.println(
        "tribunal: " + cmd.getCommandSpec().qualifiedName() + " failed: " + firstLine(reason(e)));
    if (System.getenv("TRIBUNAL_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_FAILED;
  }

  /**
   * What went wrong, for a person: the first message in the cause chain (a bare {@code
   * ConnectException} names itself), with node-reported custom errors named and decoded.
   */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) {
        String text =
            t == e ? m : m + " (" + t.getClass().getSimpleName().replace("Exception", "") + ")";
        return io.tribunal.bindings.CustomErrors.decodeIn(text);
      }
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Reads the version Maven filtered into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = TribunalCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "tribunal " + p.getProperty("version", "unknown"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
      };
    }
  }
}
