package io.tribunal.core;

import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import java.nio.file.Path;

/** Shared MNIST split for tests, converted once into target/dataset-cache. */
public final class TestDatasets {
  public static final Path CACHE = Path.of("target", "dataset-cache").toAbsolutePath();
  private static DatasetSplit mnist;

  private TestDatasets() {}

  public static synchronized DatasetSplit mnist() {
    if (mnist == null) {
      mnist = MnistNpm.load(CACHE);
    }
    return mnist;
  }
}
