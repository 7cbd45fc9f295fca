package io.tribunal.core.data;

import java.nio.file.Path;

/**
 * Resolves a {@code --dataset} argument: {@code mnist}, {@code moby-dick[:context]} or a CSV file
 * path.
 */
public final class DatasetLoader {
  private DatasetLoader() {}

  public static DatasetSplit load(String dataset, Path cacheDir, NpmPackages npm) {
    if (MnistNpm.ID.equals(dataset)) {
      return MnistNpm.load(cacheDir, npm);
    }
    if (MobyDickNpm.names(dataset)) {
      return MobyDickNpm.load(dataset, npm);
    }
    return CsvDataset.load(Path.of(dataset));
  }

  /** The dataset cache: -Dtribunal.datasets.dir, $TRIBUNAL_DATASETS, else ~/.tribunal/datasets. */
  public static Path defaultCacheDir() {
    String prop = System.getProperty("tribunal.datasets.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("TRIBUNAL_DATASETS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".tribunal", "datasets");
  }
}
