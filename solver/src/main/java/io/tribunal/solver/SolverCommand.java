package io.tribunal.solver;

import io.tribunal.solver.daemon.RunCommand;
import io.tribunal.solver.inference.ServeCommand;
import picocli.CommandLine.Command;

/** {@code tribunal solver}: the solver role's commands (today: the paid inference server). */
@Command(
    name = "solver",
    mixinStandardHelpOptions = true,
    description = "Solver role: serve finalized models for paid inference.",
    subcommands = {ServeCommand.class, RunCommand.class})
public final class SolverCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand (try 'tribunal solver serve --help')");
  }
}
