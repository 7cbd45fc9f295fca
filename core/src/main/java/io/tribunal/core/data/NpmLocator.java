package io.tribunal.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds files inside the npm packages installed by the contracts module: first under {@code
 * -Dtribunal.contracts.dir} or {@code $TRIBUNAL_CONTRACTS_DIR}, then in {@code
 * contracts/node_modules} of the working directory or any parent.
 */
public final class NpmLocator {
  private NpmLocator() {}

  /** The existing path {@code node_modules/<relative>}, if any candidate holds it. */
  public static Optional<Path> find(String relative) {
    for (Path modules : candidates()) {
      Path p = modules.resolve(relative);
      if (Files.exists(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The contracts directory holding node_modules, if found. */
  public static Optional<Path> contractsDir() {
    return find(".").map(p -> p.normalize().getParent());
  }

  private static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    String prop = System.getProperty("tribunal.contracts.dir");
    if (prop != null && !prop.isBlank()) {
      out.add(Path.of(prop).resolve("node_modules"));
    }
    String env = System.getenv("TRIBUNAL_CONTRACTS_DIR");
    if (env != null && !env.isBlank()) {
      out.add(Path.of(env).resolve("node_modules"));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      out.add(dir.resolve("contracts").resolve("node_modules"));
    }
    return out;
  }
}
