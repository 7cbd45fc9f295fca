package io.tribunal.protocol.chain;

import io.tribunal.bindings.ChainUnavailableException;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.protocol.persist.TxJournal;
import io.tribunal.protocol.testing.FaultHooks;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends each intent's transaction exactly once, across crashes. For a new intent it estimates gas
 * (a call that would revert fails here, before anything is signed), signs with the next nonce,
 * journals the raw bytes, and only then broadcasts. For a journaled intent it never signs again: it
 * looks for the receipt and, if there is none yet, re-broadcasts the same raw transaction (same
 * nonce, same hash). So a daemon killed at any point and restarted sends no duplicate.
 *
 * <p>Invariant: one journal row per intent; nonces of one account are assigned under one lock, from
 * max(journal + 1, node's pending count).
 */
public final class DurableTxSender {
  private static final Logger LOG = LoggerFactory.getLogger(DurableTxSender.class);

  private final ChainReader reader;
  private final Credentials credentials;
  private final TxJournal journal;
  private final long chainId;
  private final Object nonceLock = new Object();

  public DurableTxSender(ChainReader reader, Credentials credentials, TxJournal journal) {
    this.reader = reader;
    this.credentials = credentials;
    this.journal = journal;
    this.chainId = reader.chain().chainId();
  }

  public String address() {
    return credentials.getAddress();
  }

  /** True if the intent was already journaled (sent, mined or failed). */
  public boolean known(String intent) {
    return journal.find(intent).isPresent();
  }

  /**
   * Sends {@code data} to {@code to} for {@code intent} (or resumes the journaled send) and waits
   * for the receipt. A mined-but-reverted transaction raises {@link TransactionRevertedException}.
   */
  public TransactionReceipt send(String intent, String to, String data) {
    TxJournal.Entry entry = journal.find(intent).orElseGet(() -> signAndRecord(intent, to, data));
    if (entry.status() == TxJournal.Status.FAILED) {
      throw new TransactionRevertedException(
          "intent " + intent + " already failed in tx " + entry.txHash(), null);
    }
    return awaitMined(entry);
  }

  /** Re-broadcasts every journaled transaction not yet mined (call once at start). */
  public void resumePending() {
    for (TxJournal.Entry e : journal.pending()) {
      if (e.account().equalsIgnoreCase(credentials.getAddress())) {
        LOG.info("resuming journaled tx {} for intent {}", e.txHash(), e.intent());
        try {
          awaitMined(e);
        } catch (TransactionRevertedException ex) {
          LOG.warn("journaled tx for {} reverted: {}", e.intent(), ex.getMessage());
        }
      }
    }
  }

  private TxJournal.Entry signAndRecord(String intent, String to, String data) {
    BigInteger gasPrice =
        reader.view("eth_gasPrice", () -> reader.chain().gasProvider().getGasPrice());
    Transaction call =
        Transaction.createFunctionCallTransaction(
            credentials.getAddress(), null, gasPrice, null, to, BigInteger.ZERO, data);
    BigInteger gasLimit =
        reader.view("eth_estimateGas", () -> reader.chain().gasProvider().getGasLimit(call));
    synchronized (nonceLock) {
      BigInteger onChain =
          reader.nonce(credentials.getAddress(), DefaultBlockParameterName.PENDING);
      BigInteger nonce = journal.nextNonce(credentials.getAddress()).orElse(BigInteger.ZERO);
      nonce = nonce.max(onChain);
      RawTransaction raw =
          RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, BigInteger.ZERO, data);
      byte[] signed = TransactionEncoder.signMessage(raw, chainId, credentials);
      String rawHex = Numeric.toHexString(signed);
      TxJournal.Entry e =
          new TxJournal.Entry(
              intent,
              credentials.getAddress(),
              nonce,
              Numeric.toHexString(Hash.sha3(signed)),
              rawHex,
              TxJournal.Status.SENT);
      journal.record(e);
      LOG.info("intent {}: tx {} (nonce {})", intent, e.txHash(), nonce);
      FaultHooks.afterJournal(intent);
      broadcast(e);
      return e;
    }
  }

  /** Sends the raw bytes; "already known" and "nonce too low" mean the node has (had) them. */
  private void broadcast(TxJournal.Entry e) {
    try {
      EthSendTransaction r =
          reader.view(
              "eth_sendRawTransaction",
              () -> reader.chain().web3j().ethSendRawTransaction(e.rawTx()).send());
      if (r.hasError()) {
        LOG.debug("broadcast of {} answered: {}", e.txHash(), r.getError().getMessage());
      }
    } catch (ChainUnavailableException ex) {
      LOG.warn("broadcast of {} failed for now: {}", e.txHash(), ex.getMessage());
    }
  }

  private TransactionReceipt awaitMined(TxJournal.Entry e) {
    long rebroadcastEvery = 50;
    for (long polls = 0; ; polls++) {
      Optional<TransactionReceipt> receipt = reader.receipt(e.txHash());
      if (receipt.isPresent()) {
        return settle(e, receipt.get());
      }
      if (polls % rebroadcastEvery == 0) {
        if (replaced(e)) {
          journal.setStatus(e.intent(), TxJournal.Status.FAILED);
          throw new TransactionRevertedException(
              "nonce " + e.nonce() + " of intent " + e.intent() + " was used by another tx", null);
        }
        broadcast(e);
      }
      sleep(polls < 50 ? 20 : 200);
    }
  }

  /** The account's mined nonce passed ours but our hash has no receipt: something replaced it. */
  private boolean replaced(TxJournal.Entry e) {
    BigInteger mined = reader.nonce(e.account(), DefaultBlockParameterName.LATEST);
    return mined.compareTo(e.nonce()) > 0 && reader.receipt(e.txHash()).isEmpty();
  }

  private TransactionReceipt settle(TxJournal.Entry e, TransactionReceipt receipt) {
    if (receipt.isStatusOK()) {
      journal.setStatus(e.intent(), TxJournal.Status.MINED);
      return receipt;
    }
    journal.setStatus(e.intent(), TxJournal.Status.FAILED);
    throw new TransactionRevertedException(
        "intent " + e.intent() + " reverted on-chain in tx " + e.txHash(), null);
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
