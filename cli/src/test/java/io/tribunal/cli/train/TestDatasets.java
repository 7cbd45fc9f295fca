package io.tribunal.cli.train;

import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.protocol.layout.NpmLocator;
import java.nio.file.Path;

/** The MNIST split for the command tests, converted once into target/dataset-cache. */
final class TestDatasets {
  static final Path CACHE = Path.of("target", "dataset-cache").toAbsolutePath();
  private static DatasetSplit mnist;

  private TestDatasets() {}

  static synchronized DatasetSplit mnist() {
    if (mnist == null) {
      mnist = MnistNpm.load(CACHE, NpmLocator.packages());
    }
    return mnist;
  }
}
