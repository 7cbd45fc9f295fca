package io.tribunal.protocol.layout;

import io.tribunal.core.data.NpmPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds files inside the npm packages installed by the contracts module, in {@code
 * <dir>/node_modules} for the first of: {@code -Dtribunal.contracts.dir}, {@code
 * $TRIBUNAL_CONTRACTS_DIR}, {@code $TRIBUNAL_HOME/contracts} (the launcher sets it), {@code
 * contracts} beside any parent of the running jar or classes (so {@code java -jar
 * cli/target/tribunal.jar} works from any folder), then {@code contracts} in the working directory
 * or any parent.
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

  /** The first candidate {@code node_modules} that exists, for core's dataset loaders. */
  public static NpmPackages packages() {
    return find(".").map(p -> NpmPackages.at(p.normalize())).orElse(NpmPackages.none());
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
    String home = System.getenv("TRIBUNAL_HOME");
    if (home != null && !home.isBlank()) {
      out.add(Path.of(home).resolve("contracts").resolve("node_modules"));
    }
    codeLocation()
        .ifPresent(
            code -> {
              for (Path dir = code; dir != null; dir = dir.getParent()) {
                out.add(dir.resolve("contracts").resolve("node_modules"));
              }
            });
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      out.add(dir.resolve("contracts").resolve("node_modules"));
    }
    return out;
  }

  /** Where this class was loaded from (a jar or a classes directory), if known. */
  public static Optional<Path> codeLocation() {
    try {
      var source = NpmLocator.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
