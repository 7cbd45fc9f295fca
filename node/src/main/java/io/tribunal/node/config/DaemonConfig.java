package io.tribunal.node.config;

import io.tribunal.bindings.Deployment;
import io.tribunal.protocol.config.KeySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings every daemon shares: which chain and deployment, which key, where its state lives,
 * how it reads the chain, and where it exposes metrics.
 *
 * @param rpcUrl JSON-RPC endpoint (any EVM node; overrides the deployment file's URL)
 * @param deploymentFile {@code deployment.json} with the contract addresses
 * @param key the operator's keystore and password source
 * @param dataDir the role's data directory (state DB, checkpoints, lock file)
 * @param confirmations blocks an event must be buried under before it is acted on (≥ 1)
 * @param pollInterval how often the daemon polls the chain
 * @param metricsHost interface for /metrics and /health
 * @param metricsPort port for /metrics and /health (0 = pick a free one, logged at start)
 */
public record DaemonConfig(
    String rpcUrl,
    Path deploymentFile,
    KeySource key,
    Path dataDir,
    int confirmations,
    Duration pollInterval,
    String metricsHost,
    int metricsPort,
    String beaconUrlOverride) {

  /** Reads the common fields from the top level of a role config. */
  public static DaemonConfig read(ConfigReader r) {
    Optional<String> rpc = r.optString("rpcUrl");
    Path deployment = r.requirePath("deployment");
    Path keystore = r.requirePath("keystore");
    Optional<Path> passwordFile = r.optPath("passwordFile");
    Path dataDir = r.requirePath("dataDir");
    int confirmations = (int) r.longOr("confirmations", 1, 1, 1000);
    Duration poll = r.durationOr("pollInterval", Duration.ofMillis(500));
    ConfigReader m = r.section("metrics");
    String host = m.optString("host").orElse("127.0.0.1");
    int port = (int) m.longOr("port", 0, 0, 65535);
    String beacon = r.optString("beaconUrl").orElse("");
    return new DaemonConfig(
        rpc.orElse(""),
        deployment,
        new KeySource(keystore, passwordFile),
        dataDir,
        confirmations,
        poll,
        host,
        port,
        beacon);
  }

  /**
   * The beacon node serving EIP-4844 blobs ({@code beaconUrl}; by default the RPC URL, where anvil
   * serves the beacon API too).
   */
  public String beaconUrl() {
    return beaconUrlOverride.isEmpty() ? deployment().rpcUrl() : beaconUrlOverride;
  }

  /** The deployment, with {@link #rpcUrl} taking precedence over the file's URL when given. */
  public Deployment deployment() {
    Deployment d = Deployment.read(deploymentFile);
    return rpcUrl.isEmpty() ? d : new Deployment(d.chainId(), rpcUrl, d.contracts());
  }
}
