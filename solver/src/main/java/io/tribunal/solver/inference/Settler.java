package io.tribunal.solver.inference;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Turns accepted vouchers into tokens on chain, on the server's schedule ({@link
 * SettlementPolicy}): claims above a threshold or after an interval ({@code claimMany} when several
 * channels are due), closes a channel with its best voucher shortly before expiry, and answers a
 * payer's {@code startClose} at once with {@code close(best voucher)}, well inside the challenge
 * period. Also performs cooperative closes the payer asks for.
 *
 * <p>Invariant: every decision reads the chain's claimed amount from the refreshed view, so a
 * voucher is never submitted twice (a resend would revert with StaleVoucher before being sent).
 */
public final class Settler {
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);

  /** Outcome of a close: tx hash, amount paid to the payee by this tx, final cumulative amount. */
  public record Closed(String txHash, BigInteger paid, BigInteger cumulativeAmount) {}

  private final ChannelTxs txs;
  private final ChannelWatcher watcher;
  private final VoucherStore store;
  private final SettlementPolicy policy;
  private final InferenceMetrics metrics;
  private final Map<Bytes32, Long> lastClaimNanos = new ConcurrentHashMap<>();
  private boolean failing; // logs an outage once, not every tick

  public Settler(
      ChannelTxs txs,
      ChannelWatcher watcher,
      VoucherStore store,
      SettlementPolicy policy,
      InferenceMetrics metrics) {
    this.txs = txs;
    this.metrics = metrics;
    this.watcher = watcher;
    this.store = store;
    this.policy = policy;
  }

  /** One pass over all channels. Never throws: failures are logged and retried next tick. */
  public synchronized void tick() {
    try {
      watcher.refresh();
      List<AcceptedVoucher> dueClaims = new ArrayList<>();
      for (ChannelState ch : watcher.view().all()) {
        decide(ch).ifPresent(dueClaims::add);
      }
      claim(dueClaims);
      if (failing) {
        failing = false;
        LOG.info("settlement resumed");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn(
            "settlement paused: {} (retrying every {} ms)",
            e.getMessage(),
            policy.tick().toMillis());
      }
    }
  }

  private Optional<AcceptedVoucher> decide(ChannelState ch) {
    Optional<AcceptedVoucher> best = store.best(ch.id());
    if (ch.status() == ChannelState.Status.CLOSED || best.isEmpty()) {
      return Optional.empty();
    }
    BigInteger unclaimed = best.get().cumulativeAmount().subtract(ch.claimed());
    if (unclaimed.signum() <= 0) {
      return Optional.empty();
    }
    boolean closing = ch.status() == ChannelState.Status.CLOSING;
    boolean expiring = ch.expiry() - watcher.view().chainNow() <= policy.closeMarginSeconds();
    if (closing || expiring) {
      closeWith(ch, best.get(), closing ? "answering the payer's startClose" : "expiry is near");
      return Optional.empty();
    }
    long since =
        System.nanoTime() - lastClaimNanos.computeIfAbsent(ch.id(), k -> System.nanoTime());
    boolean due =
        unclaimed.compareTo(policy.claimThreshold()) >= 0
            || since >= policy.claimInterval().toNanos();
    return due ? best : Optional.empty();
  }

  private void claim(List<AcceptedVoucher> due) {
    if (due.isEmpty()) {
      return;
    }
    try {
      TransactionReceipt r = due.size() == 1 ? txs.claim(due.get(0)) : txs.claimMany(due);
      metrics.claimed(due.size());
      for (AcceptedVoucher v : due) {
        LOG.info(
            "channel {}: claimed up to {} (tx {})",
            v.channelId().hex(),
            v.cumulativeAmount(),
            r.getTransactionHash());
      }
      due.forEach(v -> lastClaimNanos.put(v.channelId(), System.nanoTime()));
      watcher.refresh();
    } catch (TransactionRevertedException e) {
      LOG.warn("claim refused by the chain: {}", e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException("claim failed: " + e.getMessage(), e);
    }
  }

  private Closed closeWith(ChannelState ch, AcceptedVoucher v, String why) {
    try {
      TransactionReceipt r = txs.close(v);
      metrics.closed();
      LOG.info(
          "channel {}: closed at {} ({}; tx {})",
          v.channelId().hex(),
          v.cumulativeAmount(),
          why,
          r.getTransactionHash());
      watcher.refresh();
      return new Closed(
          r.getTransactionHash(),
          v.cumulativeAmount().subtract(ch.claimed()),
          v.cumulativeAmount());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("close failed: " + e.getMessage(), e);
    }
  }

  /**
   * Cooperative close asked for by the payer: closes now with the best voucher (or, with none above
   * the claimed amount, at the claimed amount, which needs no signature).
   */
  public synchronized Closed closeNow(ChannelState ch) {
    AcceptedVoucher v =
        store
            .best(ch.id())
            .filter(b -> b.cumulativeAmount().compareTo(ch.claimed()) >= 0)
            .orElse(
                new AcceptedVoucher(
                    ch.id(),
                    ch.payer(),
                    ch.salt(),
                    ch.claimed(),
                    new io.tribunal.bindings.eip712.EcdsaSignature(
                        27, new byte[32], new byte[32])));
    return closeWith(ch, v, "cooperative, asked by the payer");
  }
}
