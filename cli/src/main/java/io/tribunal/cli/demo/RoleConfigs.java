package io.tribunal.cli.demo;

import io.tribunal.devnet.FreePorts;
import io.tribunal.devnet.kit.RoleConfig;
import io.tribunal.devnet.kit.RoleLayout;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the demo's role configs (the same YAML an operator writes, see docs/operators.md): every
 * role gets its own keystore, data dir and metrics port; solvers also get their relay/checkpoint
 * port and a claim policy. Ports are picked free on 127.0.0.1.
 */
final class RoleConfigs {
  static final String MODEL = "mlp:784-16-10";
  static final long STEPS = 64;
  static final int CHECKPOINT_INTERVAL = 16;

  private final RoleLayout layout;

  RoleConfigs(RoleLayout layout) {
    this.layout = layout;
  }

  Path keystore(String account) {
    return layout.keystore(account);
  }

  /** Where {@code account} keeps its payment-channel records. */
  Path channelsDir(String account) {
    return layout.dir().resolve("channels").resolve(account);
  }

  Path passwordFile() {
    return layout.passwordFile();
  }

  Path datasetCache() {
    return layout.datasetCache();
  }

  Path deployment() {
    return layout.deployment();
  }

  String rpcUrl() {
    return layout.rpcUrl();
  }

  /** The config of a solver: stake, claim policy, relay port, and an optional cheat. */
  Path solver(
      String account,
      int httpPort,
      int metricsPort,
      BigInteger stake,
      BigInteger minPrice,
      BigInteger collateralBudget,
      Map<String, Object> cheat) {
    RoleConfig c =
        common(account, metricsPort)
            .solver(
                stake,
                RoleConfig.section("minPrice", minPrice, "collateralBudget", collateralBudget),
                httpPort,
                MODEL,
                CHECKPOINT_INTERVAL,
                8);
    if (!cheat.isEmpty()) {
      c.with("cheat", cheat);
    }
    return write(account, c);
  }

  /** The verifier replays 4 sampled transitions (of 4 intervals: all of them, for the demo). */
  Path verifier(String account, int metricsPort, BigInteger stake) {
    return write(account, common(account, metricsPort).with("stake", stake).with("samples", 4));
  }

  /** The challenger replays every interval of every commitment. */
  Path challenger(String account, int metricsPort) {
    return write(account, common(account, metricsPort).with("replay", "all"));
  }

  private RoleConfig common(String account, int metricsPort) {
    return layout.config(account).with("metrics", RoleConfig.section("port", metricsPort));
  }

  private Path write(String account, RoleConfig config) {
    return config.write(layout.file(account + ".yaml"));
  }

  static int freePort() {
    return FreePorts.pick();
  }
}
