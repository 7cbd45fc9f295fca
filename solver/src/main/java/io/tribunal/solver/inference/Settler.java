package io.tribunal.solver.inference;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.PaymentChannels;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  private static final System.Logger LOG = System.getLogger(Settler.class.getName());

  /** Outcome of a close: tx hash, amount paid to the payee by this tx, final cumulative amount. */
  public record Closed(String txHash, BigInteger paid, BigInteger cumulativeAmount) {}

  private final PaymentChannels channels;
  private final ChannelWatcher watcher;
  private final VoucherStore store;
  private final SettlementPolicy policy;
  private final Map<Bytes32, Long> lastClaimNanos = new ConcurrentHashMap<>();

  public Settler(
      PaymentChannels channels,
      ChannelWatcher watcher,
      VoucherStore store,
      SettlementPolicy policy) {
    this.channels = channels;
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
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "settlement pass failed (retrying next tick): " + e.getMessage());
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
      closeWith(ch, best.get());
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
      if (due.size() == 1) {
        AcceptedVoucher v = due.get(0);
        channels
            .claim(v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes())
            .send();
      } else {
        List<PaymentChannels.ClaimArgs> args = new ArrayList<>();
        for (AcceptedVoucher v : due) {
          args.add(
              new PaymentChannels.ClaimArgs(
                  v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes()));
        }
        channels.claimMany(args).send();
      }
      due.forEach(v -> lastClaimNanos.put(v.channelId(), System.nanoTime()));
      watcher.refresh();
    } catch (TransactionRevertedException e) {
      LOG.log(Level.WARNING, "claim refused by the chain: " + e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException("claim failed: " + e.getMessage(), e);
    }
  }

  private Closed closeWith(ChannelState ch, AcceptedVoucher v) {
    try {
      TransactionReceipt r =
          channels
              .close(v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes())
              .send();
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
    return closeWith(ch, v);
  }
}
