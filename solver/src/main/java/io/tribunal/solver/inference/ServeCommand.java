package io.tribunal.solver.inference;

import io.tribunal.bindings.Deployment;
import io.tribunal.protocol.config.KeySource;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal solver serve}: the paid inference server, until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve finalized models for inference, paid per request through payment-channel vouchers.",
      "Persists every accepted voucher (fsync) before answering; claims and closes on chain."
    })
public final class ServeCommand implements Runnable {
  @Option(names = "--rpc-url", required = true, description = "JSON-RPC URL of the chain")
  String rpcUrl;

  @Option(names = "--deployment", required = true, description = "deployment.json")
  Path deployment;

  @Option(names = "--keystore", required = true, description = "payee keystore V3 file")
  Path keystore;

  @Option(
      names = "--password-file",
      description = "keystore password file (else $TRIBUNAL_PASSWORD, else a prompt)")
  Path passwordFile;

  @Option(names = "--models", required = true, description = "directory of finished training runs")
  Path models;

  @Option(
      names = "--data-dir",
      defaultValue = ".tribunal/solver",
      description = "voucher log directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "bind address (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8545",
      description = "HTTP port, 0 = any free (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--price-per-mop",
      defaultValue = "1000",
      description = "token base units per million ops (default: ${DEFAULT-VALUE})")
  BigInteger pricePerMop;

  @Option(
      names = "--safety-margin",
      defaultValue = "1800",
      description =
          "refuse vouchers when the channel expires within this many seconds (default: ${DEFAULT-VALUE})")
  long safetyMargin;

  @Option(
      names = "--close-margin",
      defaultValue = "600",
      description = "close a channel this many seconds before expiry (default: ${DEFAULT-VALUE})")
  long closeMargin;

  @Option(
      names = "--claim-threshold",
      defaultValue = "1000000",
      description = "claim once this many base units are unclaimed (default: ${DEFAULT-VALUE})")
  BigInteger claimThreshold;

  @Option(
      names = "--claim-interval",
      defaultValue = "3600",
      description =
          "claim any unclaimed amount at least every N seconds (default: ${DEFAULT-VALUE})")
  long claimInterval;

  @Option(
      names = "--tick-ms",
      defaultValue = "2000",
      description = "settlement check period in ms (default: ${DEFAULT-VALUE})")
  long tickMillis;

  @Option(
      names = "--confirmations",
      defaultValue = "1",
      description = "block depth at which channel deposits count (default: ${DEFAULT-VALUE})")
  int confirmations;

  @Option(
      names = "--peer",
      description = "base URL of another server to fetch missing models from (repeatable)")
  List<URI> peers = new ArrayList<>();

  /** Test hook for the crash IT: after persisting a voucher, say so on stdout and hang. */
  @Option(names = "--test-stall-after-persist", hidden = true)
  boolean stallAfterPersist;

  @Override
  public void run() {
    if (closeMargin >= safetyMargin) {
      throw new IllegalArgumentException(
          "--close-margin ("
              + closeMargin
              + ") must be below --safety-margin ("
              + safetyMargin
              + ")");
    }
    InferenceNode.Config config =
        new InferenceNode.Config(
            Deployment.read(deployment),
            new KeySource(keystore, Optional.ofNullable(passwordFile)).load(),
            models,
            dataDir,
            new InetSocketAddress(host, port),
            pricePerMop,
            safetyMargin,
            new SettlementPolicy(
                claimThreshold,
                Duration.ofSeconds(claimInterval),
                closeMargin,
                Duration.ofMillis(tickMillis)),
            confirmations,
            peers,
            stallAfterPersist ? ServeCommand::stall : () -> {});
    try (InferenceNode node = InferenceNode.start(rpcUrl, config)) {
      System.out.println("tribunal solver serve: listening on http://" + host + ":" + node.port());
      System.out.flush();
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stall() {
    System.out.println("TEST: voucher persisted");
    System.out.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the command stand-alone (the crash IT starts the server as its own JVM this way). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
  }
}
