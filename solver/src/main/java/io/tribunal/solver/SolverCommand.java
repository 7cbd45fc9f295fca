package io.tribunal.solver;

import io.tribunal.solver.daemon.RunCommand;
import io.tribunal.solver.inference.ServeCommand;
import picocli.CommandLine.Command;

/** {@code tribunal solver}: the solver role's commands. */
@Command(
    name = "solver",
    mixinStandardHelpOptions = true,
    description =
        "Solver role: run the staking daemon (train, commit, relay, sell inference), check its"
            + " config, or serve finalized models alone.",
    subcommands = {
      RunCommand.class,
      io.tribunal.solver.daemon.CheckCommand.class,
      ServeCommand.class
    })
public final class SolverCommand extends io.tribunal.node.daemon.RoleCommand {}
