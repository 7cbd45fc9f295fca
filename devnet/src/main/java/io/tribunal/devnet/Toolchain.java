package io.tribunal.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the pinned npm toolchain (anvil, node scripts) installed in {@code contracts/node_modules}
 * by the build. Looks at, in order: the {@code tribunal.contracts.dir} system property, the {@code
 * TRIBUNAL_HOME} environment variable, the parents of the running jar or classes, and the working
 * directory and its parents.
 */
public final class Toolchain {
  private Toolchain() {}

  public static Path contractsDir() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("tribunal.contracts.dir"))
        .map(Path::of)
        .ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("TRIBUNAL_HOME"))
        .map(h -> Path.of(h, "contracts"))
        .ifPresent(candidates::add);
    codeLocation()
        .ifPresent(
            code -> {
              for (Path p = code; p != null; p = p.getParent()) {
                candidates.add(p.resolve("contracts"));
              }
            });
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      candidates.add(p.resolve("contracts"));
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p.resolve("package.json")))
        .filter(p -> Files.isDirectory(p.resolve("node_modules")))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot find contracts/node_modules (the npm toolchain): run the repository's"
                        + " ./tribunal launcher (it builds it), or set TRIBUNAL_HOME to the"
                        + " repository"));
  }

  /** Where this class was loaded from (a jar or a classes directory), if known. */
  private static Optional<Path> codeLocation() {
    try {
      var source = Toolchain.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Path anvil() {
    String override = System.getProperty("tribunal.anvil");
    Path anvil =
        override != null
            ? Path.of(override)
            : contractsDir().resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if (!Files.isExecutable(anvil)) {
      throw new IllegalStateException(
          "anvil not found at " + anvil + "; the build installs it with npm (contracts/)");
    }
    return anvil;
  }

  /** A node script shipped in contracts/scripts. */
  public static Path script(String name) {
    return contractsDir().resolve("scripts").resolve(name);
  }
}
