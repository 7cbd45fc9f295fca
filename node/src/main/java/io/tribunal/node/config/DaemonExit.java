package io.tribunal.node.config;

import java.io.PrintWriter;

/**
 * Exit codes of a daemon started on its own (a role's {@code main}, as the ITs start them), the
 * same as the {@code tribunal} CLI's: bad input such as an invalid config is one line and exit 2,
 * any other failure one line and exit 1 ({@code TRIBUNAL_DEBUG=1} adds the stack trace).
 */
public final class DaemonExit {
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;

  private DaemonExit() {}

  /**
   * A role daemon's own {@code main} (the ITs start daemons as JVMs with it): the log format, then
   * the command under this exit policy.
   */
  public static void main(Object command, String[] args) {
    io.tribunal.node.logging.LogFormat.apply();
    System.exit(
        new picocli.CommandLine(command)
            .setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()))
            .execute(args));
  }

  /** Prints why {@code e} stopped the daemon and returns the exit code. */
  public static int report(Exception e, PrintWriter err) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    message = nl < 0 ? message : message.substring(0, nl);
    boolean badInput = e instanceof IllegalArgumentException;
    err.println(badInput ? "tribunal: error: " + message : "tribunal: failed: " + message);
    if (System.getenv("TRIBUNAL_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return badInput ? BAD_INPUT : FAILED;
  }
}
