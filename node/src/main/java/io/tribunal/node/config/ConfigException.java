package io.tribunal.node.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration file is missing, unreadable or invalid. The message names the file and lists
 * every problem found (not just the first), each as {@code field: what is wrong}.
 */
public final class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public ConfigException(Path file, List<String> problems) {
    super(
        "invalid config "
            + file
            + ": "
            + String.join("; ", problems)
            + (problems.size() > 1 ? " (" + problems.size() + " problems)" : ""));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
