package io.tribunal.node.daemon;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.IntentOnHoldException;
import io.tribunal.node.chain.RetryPolicy;
import io.tribunal.node.chain.Staking;
import io.tribunal.node.chain.TxPendingException;
import io.tribunal.node.config.DaemonConfig;
import io.tribunal.node.metrics.Health;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.node.metrics.MetricsServer;
import io.tribunal.node.persist.JobTable;
import io.tribunal.node.persist.StateDb;
import io.tribunal.protocol.chain.ChainConnector;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * What every role daemon (solver, verifier, challenger) starts and stops the same way: its key, its
 * state DB, the metrics and health server, the chain connection with retries (failures counted in
 * {@code tribunal_rpc_errors_total} and reported to health), the contracts and the durable
 * transaction sender, and the poll loop. {@link RoleDaemon} builds the job loop on it; the scan
 * pass and the gauges are {@link MarketPass} and {@link DaemonGauges}.
 *
 * <p>Longer than 250 lines on purpose: it is the one place that owns the start and close order of
 * these resources.
 */
public final class DaemonRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonRuntime.class);

  private final DaemonConfig config;
  private final Metrics metrics;
  private final Health health;
  private final Credentials credentials;
  private final StateDb db;
  private MetricsServer metricsServer;
  private TribunalChain chain;
  private ChainReader reader;
  private Contracts contracts;
  private DurableTxSender tx;
  private final SettlementPause settlementPause = new SettlementPause(this);

  private DaemonRuntime(DaemonConfig config, Metrics metrics, Health health) {
    this.config = config;
    this.metrics = metrics;
    this.health = health;
    this.credentials = config.key().load();
    this.db = StateDb.open(config.dataDir());
  }

  static final String INTENTS_GAVE_UP = "tribunal_intents_gave_up_total";
  static final String INTENTS_GAVE_UP_HELP = "Actions that gave up after their retries";

  /** The version Maven filtered into the CLI jar ("unknown" outside it). */
  static String buildVersion() {
    try (var in = DaemonRuntime.class.getResourceAsStream("/io/tribunal/cli/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      var p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** A health tracker that calls the daemon stale after 30 s plus one poll without a loop. */
  public static Health health(DaemonConfig config) {
    return new Health(Duration.ofSeconds(30).plus(config.pollInterval()));
  }

  /**
   * Loads the key, opens the state DB, starts the metrics server, connects to the chain (retrying)
   * and loads the contracts. On any failure what was opened is closed again.
   */
  public static DaemonRuntime start(DaemonConfig config, Metrics metrics, Health health) {
    DaemonRuntime rt = new DaemonRuntime(config, metrics, health);
    try {
      metrics.standard(buildVersion());
      metrics.counter(INTENTS_GAVE_UP, INTENTS_GAVE_UP_HELP);
      Metrics.Counter rpcErrors =
          metrics.counter("tribunal_rpc_errors_total", "Failed RPC attempts (retried)");
      Retry retry =
          Retry.daemon(
              e -> {
                rpcErrors.inc();
                health.chainError(e.getMessage());
              });
      rt.metricsServer =
          MetricsServer.start(config.metricsHost(), config.metricsPort(), metrics, health);
      LOG.info("{} {}: metrics on port {}", metrics.role(), rt.address(), rt.metricsServer.port());
      Deployment deployment = config.deployment();
      rt.chain = ChainConnector.connect(deployment, retry);
      rt.reader = new ChainReader(rt.chain, retry);
      ChainIdentity.check(
          rt.db.cursors(),
          new ChainIdentity.Identity(
              rt.reader
                  .block(0)
                  .orElseThrow(() -> new IllegalStateException("the node has no genesis block"))
                  .hash(),
              deployment.address("JobMarket")),
          config.dataDir());
      rt.contracts = Contracts.load(rt.chain, deployment, rt.address());
      rt.tx =
          new DurableTxSender(
              rt.reader, rt.credentials, rt.db, RetryPolicy.daemon(), config.confirmations());
      return rt;
    } catch (RuntimeException e) {
      rt.close();
      throw e;
    }
  }

  public DaemonConfig config() {
    return config;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Health health() {
    return health;
  }

  public Credentials credentials() {
    return credentials;
  }

  /** The operator's address. */
  public String address() {
    return credentials.getAddress();
  }

  public StateDb db() {
    return db;
  }

  public JobTable jobs() {
    return db.jobs();
  }

  public TribunalChain chain() {
    return chain;
  }

  public ChainReader reader() {
    return reader;
  }

  public Contracts contracts() {
    return contracts;
  }

  public DurableTxSender tx() {
    return tx;
  }

  /** The market guardian's settlement pause, as this daemon sees it. */
  public SettlementPause settlementPause() {
    return settlementPause;
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  /**
   * Runs {@code once} every poll interval while {@code running}: a pass that throws is logged and
   * reported to health, and the next one runs as usual.
   */
  public void loop(BooleanSupplier running, Runnable once) {
    while (running.getAsBoolean()) {
      try {
        once.run();
        health.loopCompleted();
      } catch (RuntimeException e) {
        health.chainError(e.getMessage());
        LOG.warn("loop failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(config.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stakes and registers the operator as the config asks ({@link Staking#ensureRegistered}),
   * waiting out transactions the chain has not settled yet and failed attempts that are backing
   * off. Returns what the chain shows; throws if an action gave up (the daemon cannot be ready).
   */
  public Staking.Registered register(BigInteger stake, int roles, String endpoint) {
    while (true) {
      try {
        return Staking.ensureRegistered(contracts, reader, tx, stake, roles, endpoint);
      } catch (TxPendingException e) {
        LOG.info("registration: waiting: {}", e.getMessage());
      } catch (TransactionRevertedException e) {
        LOG.warn("registration: {}", e.getMessage());
      } catch (IntentOnHoldException e) {
        if (e.gaveUp()) {
          throw new IllegalStateException(
              "cannot stake/register: " + e.getMessage() + " (fix the cause and restart)", e);
        }
      }
      try {
        Thread.sleep(Math.max(200, config.pollInterval().toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while registering", e);
      }
    }
  }

  /** Stops the metrics server and closes the chain connection and the state DB. */
  @Override
  public void close() {
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (chain != null) {
      chain.close();
    }
    db.close();
  }
}
