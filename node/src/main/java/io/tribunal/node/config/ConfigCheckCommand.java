package io.tribunal.node.config;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A role's {@code check --config FILE [--json]} command: the role names its checks, this class owns
 * the options, the output and the exit code (0 all OK, 1 a check failed, 2 the file is invalid).
 */
public abstract class ConfigCheckCommand implements Callable<Integer> {
  @CommandLine.Mixin RoleConfigFile config;

  @Option(names = "--json", description = "Print the checks as JSON.")
  protected boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The role's checks of the config file (loading it throws on an invalid file: exit 2). */
  protected abstract ConfigCheck checks(Path config);

  @Override
  public final Integer call() {
    String role = spec.parent() != null ? spec.parent().name() : spec.name();
    return checks(config.file()).report(role, spec.commandLine().getOut(), json);
  }
}
