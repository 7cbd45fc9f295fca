package io.tribunal.node.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of a role's commands (picocli mixin). */
public final class RoleConfigFile {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "${PARENT-COMMAND-NAME}.yaml (see docs/operators.md).")
  Path file;

  public Path file() {
    return file;
  }
}
