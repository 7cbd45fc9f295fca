package io.tribunal.solver.inference;

import com.sun.net.httpserver.HttpServer;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.node.chain.DurableTxSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.web3j.crypto.Credentials;

/**
 * The inference server and its background settlement, wired from one {@link Config}: stand-alone
 * ({@link #start}, what {@code tribunal solver serve} runs: its own HTTP server, chain connection
 * and transaction signing) or inside the solver daemon ({@link #embedded}: the daemon's HTTP
 * server, so the endpoint it registers on chain serves inference too, and the daemon's durable
 * transaction sender, so claims and closes share its nonces and journal).
 */
public final class InferenceNode implements AutoCloseable {
  /**
   * Everything the node needs.
   *
   * @param dataDir where the voucher log lives ({@code vouchers.log})
   * @param bind where the stand-alone server listens (unused when embedded)
   * @param confirmations block depth at which channel opens/top-ups count
   */
  public record Config(
      Deployment deployment,
      Credentials payee,
      Path modelsDir,
      Path dataDir,
      InetSocketAddress bind,
      BigInteger pricePerMop,
      long safetyMarginSeconds,
      SettlementPolicy settlement,
      int confirmations,
      List<URI> peers,
      Runnable afterPersist) {}

  private final TribunalChain chain;
  private final boolean standAlone; // its own HTTP server and chain connection, closed with it
  private final VoucherStore store;
  private final InferenceServer server;
  private final Settler settler;
  private final ScheduledExecutorService scheduler;

  private InferenceNode(
      Config c,
      TribunalChain chain,
      UnaryOperator<PaymentCheck> payments,
      HttpServer shared,
      Function<PaymentChannels, ChannelTxs> txs,
      InferenceMetrics metrics)
      throws IOException {
    this.chain = chain;
    this.standAlone = shared == null;
    Deployment d = c.deployment();
    if (d.chainId() != chain.chainId()) {
      throw new IllegalArgumentException(
          "deployment is for chain " + d.chainId() + " but the node is chain " + chain.chainId());
    }
    String channelsAddress = d.address("PaymentChannels");
    PaymentChannels channels =
        PaymentChannels.load(
            channelsAddress,
            chain.web3j(),
            chain.transactionManager(c.payee()),
            chain.gasProvider());
    JobMarket market =
        JobMarket.load(
            d.address("JobMarket"),
            chain.web3j(),
            chain.transactionManager(c.payee()),
            chain.gasProvider());
    PaymentTerms terms =
        new PaymentTerms(
            c.payee().getAddress(),
            channelsAddress,
            chain.chainId(),
            d.address("TestUSD"),
            c.safetyMarginSeconds());
    ChannelWatcher watcher =
        new ChannelWatcher(
            chain.web3j(),
            channelsAddress,
            c.payee().getAddress(),
            d.find("PaymentChannels").orElseThrow().block(),
            c.confirmations(),
            new ChannelView());
    watcher.refresh();
    this.store = VoucherStore.open(c.dataDir().resolve("vouchers.log"));
    VoucherVerifier verifier =
        new VoucherVerifier(
            Eip712Domain.paymentChannels(chain.chainId(), channelsAddress),
            SignatureRecovery.best());
    PaymentGate gate = new PaymentGate(terms, watcher, verifier, store, c.afterPersist());
    this.settler = new Settler(txs.apply(channels), watcher, store, c.settlement(), metrics);
    metrics.unclaimed(() -> unclaimed(watcher, store));
    ModelRegistry models = new ModelRegistry(c.modelsDir(), c.peers(), new FinalizedModels(market));
    InferenceServer.Parts parts =
        new InferenceServer.Parts(
            models,
            new PriceMeter(c.pricePerMop()),
            terms,
            payments.apply(gate),
            watcher,
            store,
            verifier,
            settler,
            metrics);
    this.server =
        standAlone
            ? InferenceServer.listen(c.bind(), parts)
            : InferenceServer.attach(shared, parts);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("settler").unstarted(r));
  }

  /** Connects, loads models and the voucher log, starts the HTTP server and the settler. */
  public static InferenceNode start(String rpcUrl, Config config) {
    return start(rpcUrl, config, UnaryOperator.identity());
  }

  /**
   * As {@link #start(String, Config)} but with no payment check: for the inference benchmark only,
   * which serves the same model through the same HTTP path with and without payment to measure what
   * checking vouchers adds. Never reachable from the CLI or a config file.
   */
  public static InferenceNode startWithoutPayment(String rpcUrl, Config config) {
    return start(rpcUrl, config, gate -> (payment, price, quote) -> Optional.empty());
  }

  /** As {@link #start(String, Config)} with the payment check replaced. */
  static InferenceNode start(String rpcUrl, Config config, UnaryOperator<PaymentCheck> payments) {
    TribunalChain chain = TribunalChain.connect(rpcUrl);
    try {
      InferenceNode node =
          new InferenceNode(
              config, chain, payments, null, ChannelTxs::direct, InferenceMetrics.unexported());
      node.server.start();
      node.startSettling(config);
      return node;
    } catch (IOException e) {
      chain.close();
      throw new UncheckedIOException("cannot start the inference server: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /**
   * Serves on the daemon's {@code http} (its other paths stay the daemon's) over the daemon's
   * {@code chain}, sending claims and closes through {@code tx} and counting into the daemon's
   * {@code metrics}. Closing the node leaves the daemon's server and connection alone.
   */
  public static InferenceNode embedded(
      Config config,
      TribunalChain chain,
      HttpServer http,
      DurableTxSender tx,
      io.tribunal.node.metrics.Metrics metrics) {
    try {
      InferenceNode node =
          new InferenceNode(
              config,
              chain,
              UnaryOperator.identity(),
              http,
              channels -> ChannelTxs.durable(channels, tx),
              new InferenceMetrics(metrics));
      node.startSettling(config);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the inference server: " + e.getMessage(), e);
    }
  }

  /** Sum over open and closing channels of (best accepted voucher − claimed on chain). */
  private static double unclaimed(ChannelWatcher watcher, VoucherStore store) {
    BigInteger sum = BigInteger.ZERO;
    for (ChannelState ch : watcher.view().all()) {
      if (ch.status() != ChannelState.Status.CLOSED) {
        BigInteger best =
            store.best(ch.id()).map(AcceptedVoucher::cumulativeAmount).orElse(BigInteger.ZERO);
        sum = sum.add(best.subtract(ch.claimed()).max(BigInteger.ZERO));
      }
    }
    return sum.doubleValue();
  }

  private void startSettling(Config config) {
    long tick = config.settlement().tick().toMillis();
    scheduler.scheduleWithFixedDelay(settler::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  public int port() {
    return server.port();
  }

  public Settler settler() {
    return settler;
  }

  public VoucherStore store() {
    return store;
  }

  /** Default settlement: claim at 1 tUSD or hourly, close 10 min before expiry, tick 2 s. */
  public static SettlementPolicy defaultSettlement() {
    return new SettlementPolicy(
        BigInteger.valueOf(1_000_000), Duration.ofHours(1), 600, Duration.ofSeconds(2));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    server.close();
    store.close();
    if (standAlone) {
      chain.close();
    }
  }
}
