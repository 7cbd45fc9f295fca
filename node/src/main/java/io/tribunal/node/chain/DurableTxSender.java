package io.tribunal.node.chain;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.node.persist.StateDb;
import io.tribunal.node.persist.TxJournal;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends each intent's transaction exactly once, across crashes, and believes only the chain about
 * what became of it.
 *
 * <p>For a new intent it estimates gas (a call that would revert fails here, before anything is
 * signed), signs with the next nonce, journals the raw bytes, and only then broadcasts. For a
 * journaled intent it never signs again: it looks for the receipt and, if there is none yet,
 * re-broadcasts the same raw transaction (same nonce, same hash). So a daemon killed at any point
 * and restarted sends no duplicate.
 *
 * <p>Outcomes: MINED when the receipt says status 1; FAILED only when the chain proves it, i.e. the
 * receipt says reverted, or a DIFFERENT transaction with our nonce is found in a block at least
 * {@code confirmations} deep. A nonce count past ours with no receipt is not proof (nodes show the
 * new nonce before they index the receipt): the block that used the nonce is looked up first.
 * Whatever the chain does not show within {@link RetryPolicy#settleBound()} is reported as {@link
 * TxPendingException} and stays journaled.
 *
 * <p>Failed actions are retried with back-off, at most {@link RetryPolicy#maxFailures()} times in a
 * row; then {@link IntentOnHoldException} says the action gave up.
 *
 * <p>Two kinds of keys: {@link #send} takes a one-shot intent ({@code claim:<job>}): one
 * transaction for it, ever, unless the chain proves it failed. {@link #sendRepeatable} takes an
 * action the daemon may decide to do again later ({@code stake}, {@code withdraw-market}): each
 * decision gets its own key {@code <action>#<n>}, and a decision still in flight is awaited instead
 * of sending a second one.
 *
 * <p>Invariant: one journal row per intent; nonces of one account are assigned under one lock, from
 * max(journal + 1, node's pending count).
 */
public final class DurableTxSender {
  private static final Logger LOG = LoggerFactory.getLogger(DurableTxSender.class);

  private final ChainReader reader;
  private final Credentials credentials;
  private final TxJournal journal;
  private final ActionBackoff backoff;
  private final TxOutcomes outcomes;
  private final RetryPolicy policy;
  private final long chainId;
  private final Object nonceLock = new Object();

  /**
   * @param confirmations how deep a replacing transaction must be before ours counts as replaced
   */
  public DurableTxSender(
      ChainReader reader,
      Credentials credentials,
      StateDb db,
      RetryPolicy policy,
      int confirmations) {
    this.reader = reader;
    this.credentials = credentials;
    this.journal = db.txJournal();
    this.backoff = new ActionBackoff(db.intentRetries(), policy);
    this.policy = policy;
    this.outcomes = new TxOutcomes(reader, journal, backoff, Math.max(1, confirmations));
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
   * Sends {@code data} to {@code to} for the one-shot {@code intent} (or resumes its journaled
   * send) and waits for the outcome: the receipt if mined with status 1; {@link
   * TransactionRevertedException} if the node refuses it or the chain proves it failed; {@link
   * TxPendingException} if the chain shows no outcome yet; {@link IntentOnHoldException} if it
   * failed before and may not be tried now.
   */
  public TransactionReceipt send(String intent, String to, String data) {
    Optional<TxJournal.Entry> existing = journal.find(intent);
    if (existing.isPresent() && existing.get().status() != TxJournal.Status.FAILED) {
      return outcomes.await(intent, existing.get(), policy.settleBound());
    }
    backoff.mayTry(intent);
    if (existing.isPresent()) {
      journal.archiveFailed(intent);
      LOG.info("intent {}: trying again with a new transaction", intent);
    }
    return outcomes.await(
        intent, signAndRecord(intent, intent, to, data, List.of()), policy.settleBound());
  }

  /**
   * {@link #send}, for a transaction that carries EIP-4844 {@code blobs} (131,072 bytes each): a
   * type-3 transaction whose journaled raw bytes are the network form (with blobs, commitments and
   * proofs), so a re-broadcast after a restart carries them again.
   */
  public TransactionReceipt sendWithBlobs(
      String intent, String to, String data, List<byte[]> blobs) {
    if (blobs.isEmpty()) {
      throw new IllegalArgumentException("a blob transaction needs at least one blob");
    }
    Optional<TxJournal.Entry> existing = journal.find(intent);
    if (existing.isPresent() && existing.get().status() != TxJournal.Status.FAILED) {
      return outcomes.await(intent, existing.get(), policy.settleBound());
    }
    backoff.mayTry(intent);
    if (existing.isPresent()) {
      journal.archiveFailed(intent);
      LOG.info("intent {}: trying again with a new transaction", intent);
    }
    return outcomes.await(
        intent, signAndRecord(intent, intent, to, data, blobs), policy.settleBound());
  }

  /**
   * Sends one decision of a repeatable {@code action} (e.g. {@code stake}, {@code
   * withdraw-market}), journaled under a key of its own. If an earlier decision of the same action
   * is still in flight, that transaction is awaited instead and nothing new is signed: the caller
   * should read the chain again before deciding anew.
   */
  public TransactionReceipt sendRepeatable(String action, String to, String data) {
    String prefix = action + "#";
    List<TxJournal.Entry> inFlight = journal.pending(prefix);
    if (!inFlight.isEmpty()) {
      TxJournal.Entry earlier = inFlight.get(0);
      LOG.info(
          "{}: an earlier decision is in flight (tx {}); awaiting it", action, earlier.txHash());
      return outcomes.await(action, earlier, policy.settleBound());
    }
    backoff.mayTry(action);
    String intent = prefix + (journal.count(prefix) + 1);
    return outcomes.await(
        action, signAndRecord(action, intent, to, data, List.of()), policy.settleBound());
  }

  /**
   * Reconciles every journaled transaction of this account that has no final outcome yet (call once
   * at start): receipt by hash first, then the nonce. Those still unsettled after a short wait stay
   * journaled and are resumed by the next send of their intent.
   */
  public void resumePending() {
    Duration bound =
        policy.settleBound().compareTo(Duration.ofSeconds(15)) < 0
            ? policy.settleBound()
            : Duration.ofSeconds(15);
    for (TxJournal.Entry e : journal.pending()) {
      if (!e.account().equalsIgnoreCase(credentials.getAddress())) {
        continue;
      }
      LOG.info(
          "resuming journaled tx {} for intent {}: reconciling with the chain",
          e.txHash(),
          e.intent());
      try {
        TransactionReceipt r = outcomes.await(actionOf(e.intent()), e, bound);
        LOG.info("intent {}: tx {} mined in block {}", e.intent(), e.txHash(), r.getBlockNumber());
      } catch (TransactionRevertedException ex) {
        LOG.warn("intent {}: {}", e.intent(), ex.getMessage());
      } catch (TxPendingException ex) {
        LOG.warn("{}; it stays journaled and is resumed when its intent comes up", ex.getMessage());
      }
    }
  }

  private static String actionOf(String intent) {
    int hash = intent.indexOf('#');
    return hash < 0 ? intent : intent.substring(0, hash);
  }

  private TxJournal.Entry signAndRecord(
      String action, String intent, String to, String data, List<byte[]> blobs) {
    BigInteger gasPrice =
        reader.view("eth_gasPrice", () -> reader.chain().gasProvider().getGasPrice());
    BlobTransactions.Sidecar sidecar = blobs.isEmpty() ? null : BlobTransactions.sidecar(blobs);
    Transaction call =
        sidecar == null
            ? Transaction.createFunctionCallTransaction(
                credentials.getAddress(), null, gasPrice, null, to, BigInteger.ZERO, data)
            : new BlobTransactions.EstimateCall(
                credentials.getAddress(), to, data, sidecar.versionedHashes());
    BigInteger gasLimit;
    try {
      gasLimit =
          reader.view("eth_estimateGas", () -> reader.chain().gasProvider().getGasLimit(call));
    } catch (TransactionRevertedException e) {
      backoff.recordFailure(action, e.getMessage());
      throw e;
    }
    synchronized (nonceLock) {
      long head = reader.head();
      BigInteger onChain =
          reader.nonce(credentials.getAddress(), DefaultBlockParameterName.PENDING);
      BigInteger nonce = journal.nextNonce(credentials.getAddress()).orElse(BigInteger.ZERO);
      nonce = nonce.max(onChain);
      byte[] signed;
      String txHash;
      if (sidecar == null) {
        RawTransaction raw =
            RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, BigInteger.ZERO, data);
        signed = TransactionEncoder.signMessage(raw, chainId, credentials);
        txHash = Numeric.toHexString(Hash.sha3(signed));
      } else {
        BlobTransactions.Signed tx =
            BlobTransactions.sign(
                sidecar, reader, credentials, chainId, nonce, gasPrice, gasLimit, to, data);
        signed = tx.network();
        txHash = tx.hash();
      }
      TxJournal.Entry e =
          new TxJournal.Entry(
              intent,
              credentials.getAddress(),
              nonce,
              txHash,
              Numeric.toHexString(signed),
              TxJournal.Status.SENT,
              head);
      journal.record(e);
      LOG.info("intent {}: tx {} (nonce {})", intent, e.txHash(), nonce);
      FaultHooks.afterJournal(intent, e);
      outcomes.broadcast(e);
      return e;
    }
  }
}
