package io.tribunal.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the demo's role configs (the same YAML an operator writes, see docs/operators.md): every
 * role gets its own keystore, data dir and metrics port; solvers also get their relay/checkpoint
 * port and a claim policy. Ports are picked free on 127.0.0.1.
 */
final class RoleConfigs {
  static final String MODEL = "mlp:784-16-10";
  static final long STEPS = 64;
  static final int CHECKPOINT_INTERVAL = 16;

  private final Path dir;
  private final Path deployment;
  private final String rpcUrl;
  private final Path keystores;
  private final Path passwordFile;
  private final Path datasetCache;

  RoleConfigs(
      Path dir,
      Path deployment,
      String rpcUrl,
      Path keystores,
      Path passwordFile,
      Path datasetCache) {
    this.dir = dir;
    this.deployment = deployment;
    this.rpcUrl = rpcUrl;
    this.keystores = keystores;
    this.passwordFile = passwordFile;
    this.datasetCache = datasetCache;
  }

  Path keystore(String account) {
    return keystores.resolve(account + ".json");
  }

  /** Where {@code account} keeps its payment-channel records. */
  Path channelsDir(String account) {
    return dir.resolve("channels").resolve(account);
  }

  Path passwordFile() {
    return passwordFile;
  }

  Path datasetCache() {
    return datasetCache;
  }

  Path deployment() {
    return deployment;
  }

  String rpcUrl() {
    return rpcUrl;
  }

  /** The config of a solver: stake, claim policy, relay port, and an optional cheat. */
  Path solver(
      String account,
      int httpPort,
      int metricsPort,
      BigInteger stake,
      BigInteger minPrice,
      BigInteger collateralBudget,
      String cheat) {
    return write(
        account,
        common(account, metricsPort)
            + "stake: "
            + stake
            + "\npolicy: {minPrice: "
            + minPrice
            + ", collateralBudget: "
            + collateralBudget
            + "}\nhttp: {port: "
            + httpPort
            + "}\nmodels: [{spec: \""
            + MODEL
            + "\"}]\ntraining: {checkpointInterval: "
            + CHECKPOINT_INTERVAL
            + ", progressEvery: 8, fsync: false}\n"
            + (cheat.isEmpty() ? "" : "cheat: " + cheat + "\n"));
  }

  /** The verifier replays 4 sampled transitions (of 4 intervals: all of them, for the demo). */
  Path verifier(String account, int metricsPort, BigInteger stake) {
    return write(account, common(account, metricsPort) + "stake: " + stake + "\nsamples: 4\n");
  }

  /** The challenger replays every interval of every commitment. */
  Path challenger(String account, int metricsPort) {
    return write(account, common(account, metricsPort) + "replay: all\n");
  }

  private String common(String account, int metricsPort) {
    return "deployment: "
        + deployment
        + "\nrpcUrl: "
        + rpcUrl
        + "\nkeystore: "
        + keystore(account)
        + "\npasswordFile: "
        + passwordFile
        + "\ndataDir: "
        + dir.resolve("data").resolve(account)
        + "\npollInterval: 200ms\ndatasetCache: "
        + datasetCache
        + "\nmetrics: {port: "
        + metricsPort
        + "}\n";
  }

  private Path write(String account, String yaml) {
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve(account + ".yaml");
      Files.writeString(f, yaml);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    return io.tribunal.devnet.FreePorts.pick();
  }
}
