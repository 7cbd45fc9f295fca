package io.tribunal.explorer.chain;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.explorer.index.ChannelEvents;
import io.tribunal.explorer.index.GameEvents;
import io.tribunal.explorer.index.Ledger;
import io.tribunal.explorer.index.LiveSnapshot;
import io.tribunal.explorer.index.MarketEvents;
import io.tribunal.explorer.index.NetworkEntry;
import io.tribunal.explorer.index.RegistryEvents;
import io.tribunal.explorer.index.SubmitCalldata;
import io.tribunal.explorer.index.Tusd;
import io.tribunal.protocol.chain.BlockInfo;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.dispute.DisputeChain;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Keeps the {@link Ledger} up with the chain: on every new block it reads the new logs of the
 * JobMarket, StakeRegistry, PaymentChannels and DisputeGame, applies them, reads the views of what
 * they touched (stakes, channels, games, the guardian's pause), and publishes a new snapshot. Read
 * only: standard JSON-RPC calls, no key.
 */
public final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final long MAX_RANGE = 2_000;

  private final ChainReader reader;
  private final Contracts k;
  private final DisputeChain games;
  private Ledger ledger = new Ledger();
  private BlockClock clock;
  private final NetworkReader network;
  private final Offers offers;
  private final LiveSnapshot live;
  private final String market;
  private final String registry;
  private final String channels;
  private final String game;
  private MarketEvents marketEvents;
  private final long start;
  private long indexed;
  private String indexedHash = "";
  private volatile boolean running = true;
  private Thread thread;

  public Indexer(TribunalChain chain, Deployment d) {
    this.reader = new ChainReader(chain, Retry.command());
    this.k = Contracts.load(chain, d, d.address("JobMarket"));
    this.games = DisputeChain.readOnly(chain, d);
    this.clock = new BlockClock(reader);
    this.network = new NetworkReader(reader, k);
    this.offers = new Offers(new OfferReader(), Duration.ofSeconds(15));
    this.market = lower(d.address("JobMarket"));
    this.registry = lower(d.address("StakeRegistry"));
    this.channels = d.find("PaymentChannels").map(r -> lower(r.address())).orElse("");
    this.game = lower(d.address("DisputeGame"));
    this.start = d.contracts().values().stream().mapToLong(r -> r.block()).min().orElse(0) - 1;
    this.indexed = start;
    this.live = new LiveSnapshot(ledger.snapshot());
  }

  public LiveSnapshot live() {
    return live;
  }

  /** Indexes up to the chain's head and publishes the result; returns the head reached. */
  public synchronized long catchUp() {
    if (!indexedHash.isEmpty()
        && !reader.block(indexed).map(b -> b.hash().equalsIgnoreCase(indexedHash)).orElse(false)) {
      LOG.warn(
          "the chain reorganised at or below block {}: indexing again from block {}",
          indexed,
          start + 1);
      reset();
    }
    if (marketEvents == null) {
      NetworkEntry n = network.read();
      ledger.network(n);
      marketEvents = new MarketEvents(ledger, new Tusd(n.decimals()));
    }
    long head = reader.head();
    boolean changed = false;
    boolean many = head - indexed > MAX_RANGE;
    while (indexed < head) {
      long to = Math.min(head, indexed + MAX_RANGE);
      apply(logs(indexed + 1, to));
      indexed = to;
      changed = true;
      if (many) {
        LOG.info("indexed blocks up to {} of {}: {} jobs so far", to, head, ledger.jobCount());
      }
    }
    boolean offersChanged = offers.refresh(ledger);
    if (changed || offersChanged) {
      BlockInfo b = reader.block(head).orElseGet(reader::latest);
      ledger.network(network.withPause(ledger.network().orElseThrow()));
      ledger.head(head, b.timestamp());
      indexedHash = b.number() == indexed ? b.hash() : "";
      live.publish(ledger.snapshot());
    }
    return head;
  }

  /** Forgets everything read: after a reorganisation the index is rebuilt from the start. */
  private void reset() {
    ledger = new Ledger();
    clock = new BlockClock(reader);
    marketEvents = null;
    offers.forget();
    indexed = start;
    indexedHash = "";
  }

  private List<Log> logs(long from, long to) {
    List<String> addresses = new ArrayList<>(List.of(market, registry, game));
    if (!channels.isEmpty()) {
      addresses.add(channels);
    }
    return reader.logs(
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            addresses));
  }

  private void apply(List<Log> logs) {
    RegistryEvents reg = new RegistryEvents(ledger);
    ChannelEvents chans = new ChannelEvents(ledger);
    GameEvents gameEvents = new GameEvents(ledger);
    Set<String> operators = new TreeSet<>();
    Set<String> channelIds = new TreeSet<>();
    Set<Long> gameIds = new TreeSet<>();
    for (Log log : logs) {
      String from = lower(log.getAddress());
      long time = clock.time(log.getBlockNumber().longValueExact());
      if (from.equals(market)) {
        marketEvents.apply(log, time);
        MarketEvents.submitted(log).ifPresent(id -> reveal(id, log.getTransactionHash()));
      } else if (from.equals(registry)) {
        reg.apply(log).ifPresent(operators::add);
      } else if (from.equals(channels)) {
        chans.apply(log).ifPresent(channelIds::add);
      } else if (from.equals(game)) {
        gameEvents.apply(log, time).ifPresent(gameIds::add);
      }
    }
    for (String a : operators) {
      var s = reader.view("stakeOf", () -> k.registry().stakeOf(a).send());
      ledger.stake(a, s.component1(), s.component2(), s.component3());
    }
    if (!channelIds.isEmpty()) {
      var pc = network.channels();
      for (String id : channelIds) {
        byte[] raw = org.web3j.utils.Numeric.hexStringToByteArray(id);
        var c = reader.view("getChannel", () -> pc.getChannel(raw).send());
        ledger.channelView(
            id,
            c.component1(),
            c.component2(),
            c.component3().longValueExact(),
            c.component4().intValueExact());
      }
    }
    for (long id : gameIds) {
      ledger.gameView(reader.view("gameView", () -> games.summary(id)));
    }
    if (!logs.isEmpty()) {
      LOG.debug(
          "indexed {} logs: {} operators, {} channels, {} games touched",
          logs.size(),
          operators.size(),
          channelIds.size(),
          gameIds.size());
    }
  }

  /** Reads a submission's calldata for the preimages of its hashes (spec, hyper-parameters). */
  private void reveal(String jobId, String txHash) {
    var tx =
        reader.view(
            "eth_getTransactionByHash",
            () -> k.chain().web3j().ethGetTransactionByHash(txHash).send().getTransaction());
    String specHash = ledger.modelSpecHash(jobId);
    tx.flatMap(t -> SubmitCalldata.decode(t.getInput(), specHash))
        .ifPresent(r -> ledger.revealed(jobId, r));
  }

  /** Polls for new blocks every {@code poll} on a daemon thread until closed. */
  public void start(Duration poll) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("explorer-indexer")
            .start(
                () -> {
                  while (running) {
                    try {
                      catchUp();
                      Thread.sleep(poll.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      LOG.warn("indexing failed, retrying in 2 s: {}", e.toString());
                      sleepQuietly(2_000);
                    }
                  }
                });
  }

  private void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
