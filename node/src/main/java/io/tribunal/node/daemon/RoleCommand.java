package io.tribunal.node.daemon;

import picocli.CommandLine;

/**
 * A role's group command ({@code tribunal solver|verifier|challenger}): on its own it only says
 * which subcommands exist and where help is (exit 2, the CLI's bad-input policy).
 */
public abstract class RoleCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final void run() {
    String name = spec.name();
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing subcommand ("
            + String.join(
                ", ", spec.subcommands().keySet().stream().filter(k -> !k.equals("help")).toList())
            + "; try 'tribunal "
            + name
            + " run --help')");
  }
}
