package io.tribunal.client.job;

import io.tribunal.client.sdk.Amounts;
import io.tribunal.core.data.DatasetLoader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that describe a training job, shared by {@code job submit} and {@code job quote} so
 * that a quote is for exactly the job a submit with the same words would sign. {@code --price} is
 * optional here: a quote suggests one, and submit requires it unless it only quotes ({@code
 * --dry-run}).
 */
public final class JobRequestOptions {
  @Option(names = "--model", defaultValue = "mlp:784-128-10", description = "Model spec.")
  String model;

  @Option(
      names = "--dataset",
      defaultValue = "mnist",
      description = "mnist, a CSV path, or a file:/http(s): URI.")
  String dataset;

  @Option(names = "--steps", required = true, description = "SGD steps.")
  long steps;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size.")
  int batch;

  @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (decimal).")
  String lr;

  @Option(names = "--seed", defaultValue = "1", description = "Job seed.")
  long seed;

  @Option(
      names = "--price",
      paramLabel = "TOKENS",
      description =
          "What you pay the solver, in tokens (25 or 2.5 tUSD); base units with the suffix"
              + " 'units' (25000000units).")
  String priceText;

  @Option(
      names = "--collateral",
      paramLabel = "TOKENS",
      description = "Collateral the solver must lock, in tokens like --price (default: 2 x price).")
  String collateralText;

  @Option(
      names = "--claim-window",
      defaultValue = "3600",
      description = "Seconds a solver has to claim.")
  long claimWindow;

  @Option(
      names = "--commit-window",
      defaultValue = "86400",
      description = "Seconds after the claim deadline to commit.")
  long commitWindow;

  @Option(names = "--dataset-cache", description = "Dataset cache directory.")
  Path datasetCache;

  /** The checks that need neither the dataset nor the chain; one line each, exit 2. */
  void checkShape() {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
    }
    if (claimWindow < 1) {
      throw new IllegalArgumentException("--claim-window must be >= 1 s, got " + claimWindow);
    }
  }

  /** {@code --price} in base units, if given. */
  Optional<BigInteger> price(int decimals) {
    return Optional.ofNullable(priceText).map(t -> Amounts.toBaseUnits(t, decimals, "--price"));
  }

  /** {@code --collateral} in base units, else twice {@code price}. */
  BigInteger collateral(int decimals, BigInteger price) {
    return collateralText == null
        ? price.shiftLeft(1)
        : Amounts.toBaseUnits(collateralText, decimals, "--collateral");
  }

  /**
   * The request these options describe for {@code user} at chain time {@code now}; runs every local
   * check ({@link JobRequestBuilder}: model, market limits, dataset fit) before anything is signed.
   */
  JobRequestBuilder.Built build(String user, BigInteger price, BigInteger collateral, long now) {
    checkShape();
    return JobRequestBuilder.build(
        user,
        model,
        dataset,
        steps,
        batch,
        lr,
        seed,
        price,
        collateral,
        now,
        claimWindow,
        commitWindow,
        datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir());
  }
}
