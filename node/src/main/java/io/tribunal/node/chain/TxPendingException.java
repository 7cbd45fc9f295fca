package io.tribunal.node.chain;

/**
 * A journaled transaction whose outcome the chain has not shown within the wait bound: no receipt
 * yet, and no other transaction has taken its nonce. It stays journaled as SENT; the next attempt
 * resumes waiting for the same transaction (never a second one). Not a failure.
 */
public final class TxPendingException extends RuntimeException {
  private final String intent;
  private final String txHash;

  public TxPendingException(String intent, String txHash, String why) {
    super("intent " + intent + ": tx " + txHash + " not settled yet (" + why + ")");
    this.intent = intent;
    this.txHash = txHash;
  }

  public String intent() {
    return intent;
  }

  public String txHash() {
    return txHash;
  }
}
