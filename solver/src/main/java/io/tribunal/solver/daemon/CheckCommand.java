package io.tribunal.solver.daemon;

import io.tribunal.protocol.config.ConfigCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal solver check --config solver.yaml}: everything 'run' needs, without running. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a solver config without starting the daemon: the file (unknown keys, required",
      "fields), the deployment, the key (decrypted, never shown), the data directory, the ports,",
      "the RPC node and its chain id, the contracts, gas money, tUSD for the stake, and the",
      "dataset cache (MNIST loads). Sends nothing. Exit 0: all OK; 1: a check failed (FAIL",
      "lines say why); 2: the config file itself is invalid."
    })
public final class CheckCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "solver.yaml (see docs/operators.md).")
  Path config;

  @Option(names = "--json", description = "Print the checks as JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SolverConfig c = SolverConfig.load(config);
    ConfigCheck checks = new ConfigCheck().common(c.daemon(), c.stake());
    if (c.http().port() != 0) {
      checks.check("http port", () -> ConfigCheck.bindable(c.http().host(), c.http().port()));
    }
    checks.datasetCache(c.datasetCache());
    return checks.report("solver", spec.commandLine().getOut(), json);
  }
}
