package io.tribunal.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the pinned npm toolchain (anvil, node scripts) installed in {@code contracts/node_modules}
 * by the build. Looks at, in order: the {@code tribunal.contracts.dir} system property, the {@code
 * TRIBUNAL_HOME} environment variable, and the working directory and its parents.
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
                    "cannot find contracts/node_modules (the npm toolchain); run ./tribunal from"
                        + " the repository, or set TRIBUNAL_HOME to it"));
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
