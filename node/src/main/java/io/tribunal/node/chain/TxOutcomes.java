package io.tribunal.node.chain;

import io.tribunal.bindings.ChainUnavailableException;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.node.persist.TxJournal;
import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What became of a journaled transaction, believing only the chain: MINED when its receipt says
 * status 1; FAILED when the receipt says reverted or a different transaction with our nonce is
 * {@code confirmations} deep; otherwise it re-broadcasts the same raw bytes while the nonce is free
 * and reports {@link TxPendingException} when the bound runs out.
 */
final class TxOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(DurableTxSender.class);

  /** Polls between two looks at the account's nonce (and re-broadcasts). */
  private static final int NONCE_CHECK_EVERY = 25;

  private final ChainReader reader;
  private final TxJournal journal;
  private final ActionBackoff backoff;
  private final int confirmations;
  private final NonceUse nonceUse;

  TxOutcomes(ChainReader reader, TxJournal journal, ActionBackoff backoff, int confirmations) {
    this.reader = reader;
    this.journal = journal;
    this.backoff = backoff;
    this.confirmations = confirmations;
    this.nonceUse = new NonceUse(reader);
  }

  /** Sends the raw bytes; "already known" and "nonce too low" mean the node has (had) them. */
  void broadcast(TxJournal.Entry e) {
    try {
      EthSendTransaction r =
          reader.view(
              "eth_sendRawTransaction",
              () -> reader.chain().web3j().ethSendRawTransaction(e.rawTx()).send());
      if (r.hasError()) {
        String msg = r.getError().getMessage();
        if (expectedRebroadcastAnswer(msg)) {
          LOG.debug("broadcast of {} answered: {}", e.txHash(), msg);
        } else {
          LOG.warn("intent {}: the node refused tx {} for now: {}", e.intent(), e.txHash(), msg);
        }
      }
    } catch (ChainUnavailableException ex) {
      LOG.warn("broadcast of {} failed for now: {}", e.txHash(), ex.getMessage());
    }
  }

  private static boolean expectedRebroadcastAnswer(String msg) {
    String m = msg == null ? "" : msg.toLowerCase(Locale.ROOT);
    return m.contains("already") || m.contains("known") || m.contains("nonce too low");
  }

  /**
   * Waits up to {@code bound} for what the chain says of {@code e}: MINED (receipt returned),
   * FAILED (reverted or replaced, proven; {@link TransactionRevertedException}), or nothing yet
   * ({@link TxPendingException}, the row stays SENT).
   */
  TransactionReceipt await(String action, TxJournal.Entry e, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    String lastWait = "";
    for (long polls = 0; ; polls++) {
      Optional<TransactionReceipt> receipt = reader.receipt(e.txHash());
      if (receipt.isPresent()) {
        return settle(action, e, receipt.get());
      }
      if (polls % NONCE_CHECK_EVERY == 0) {
        String wait = checkNonce(action, e);
        if (!wait.equals(lastWait) && !wait.isEmpty()) {
          LOG.info("intent {}: tx {}: {}", e.intent(), e.txHash(), wait);
        }
        lastWait = wait;
      }
      if (System.nanoTime() > deadline) {
        throw new TxPendingException(
            e.intent(), e.txHash(), lastWait.isEmpty() ? "not mined yet" : lastWait);
      }
      sleep(polls < 50 ? 20 : 200);
    }
  }

  /**
   * Looks at who used our nonce. Marks the intent FAILED (and throws) only when a different,
   * confirmed transaction did; otherwise re-broadcasts if the nonce is still free. Returns what we
   * are waiting for ("" if only for mining).
   */
  private String checkNonce(String action, TxJournal.Entry e) {
    BigInteger mined = reader.nonce(e.account(), DefaultBlockParameterName.LATEST);
    if (mined.compareTo(e.nonce()) <= 0) {
      broadcast(e);
      return "";
    }
    long head = reader.head();
    Optional<NonceUse.Used> used = nonceUse.find(e.account(), e.nonce(), e.sentBlock(), head);
    if (used.isEmpty()) {
      return "the nonce is used but the node does not show by which tx yet";
    }
    if (used.get().txHash().equalsIgnoreCase(e.txHash())) {
      return "mined in block " + used.get().block() + "; waiting for the node's receipt";
    }
    long depth = head - used.get().block() + 1;
    if (depth < confirmations) {
      return "nonce used by tx "
          + used.get().txHash()
          + " in block "
          + used.get().block()
          + "; waiting for "
          + confirmations
          + " confirmations";
    }
    // the receipt may have appeared since we last looked: a mined tx of ours is never FAILED
    Optional<TransactionReceipt> late = reader.receipt(e.txHash());
    if (late.isPresent()) {
      return "";
    }
    String why =
        "nonce "
            + e.nonce()
            + " of intent "
            + e.intent()
            + " was used by tx "
            + used.get().txHash()
            + " in block "
            + used.get().block()
            + ", not by ours ("
            + e.txHash()
            + ")";
    journal.setStatus(e.intent(), TxJournal.Status.FAILED);
    backoff.recordFailure(action, why);
    throw new TransactionRevertedException(why, null);
  }

  private TransactionReceipt settle(String action, TxJournal.Entry e, TransactionReceipt receipt) {
    if (receipt.isStatusOK()) {
      journal.setStatus(e.intent(), TxJournal.Status.MINED);
      backoff.clear(action);
      return receipt;
    }
    journal.setStatus(e.intent(), TxJournal.Status.FAILED);
    String why = "intent " + e.intent() + " reverted on-chain in tx " + e.txHash();
    backoff.recordFailure(action, why);
    throw new TransactionRevertedException(why, null);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a receipt", ex);
    }
  }
}
