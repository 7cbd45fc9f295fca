package io.tribunal.node.chain;

import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Which transaction used an account's nonce, read from the chain itself: the first block whose
 * state shows the account's nonce past N (binary search over {@code eth_getTransactionCount} at
 * block numbers), then that block's transaction from the account with nonce N. This is the proof
 * the journal needs before it calls a transaction replaced: the nonce count alone cannot tell a
 * replacing transaction from our own whose receipt the node has not indexed yet.
 */
final class NonceUse {
  /** The transaction that used the nonce, and the block it was mined in. */
  record Used(long block, String txHash) {}

  /** Blocks scanned one by one when the node cannot answer nonce queries at old blocks. */
  private static final int SCAN_LIMIT = 256;

  private final ChainReader reader;

  NonceUse(ChainReader reader) {
    this.reader = reader;
  }

  /**
   * The mined transaction from {@code account} with {@code nonce}, searching blocks above {@code
   * after} up to {@code head}; empty if the node's state does not show one (yet).
   */
  Optional<Used> find(String account, BigInteger nonce, long after, long head) {
    Optional<Long> block = firstBlockPast(account, nonce, after, head);
    if (block.isPresent()) {
      return usedIn(account, nonce, block.get());
    }
    for (long b = head; b > after && b > head - SCAN_LIMIT; b--) {
      Optional<Used> u = usedIn(account, nonce, b);
      if (u.isPresent()) {
        return u;
      }
    }
    return Optional.empty();
  }

  /** The lowest block in (after, head] whose state has the account's nonce above {@code nonce}. */
  private Optional<Long> firstBlockPast(String account, BigInteger nonce, long after, long head) {
    long lo = after;
    long hi = head;
    Optional<BigInteger> atHead = reader.nonceAt(account, head);
    if (atHead.isEmpty() || atHead.get().compareTo(nonce) <= 0) {
      return Optional.empty();
    }
    while (hi - lo > 1) { // invariant: nonce(hi) > nonce, nonce(lo) <= nonce (or lo = after)
      long mid = lo + (hi - lo) / 2;
      Optional<BigInteger> n = reader.nonceAt(account, mid);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      if (n.get().compareTo(nonce) > 0) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Optional.of(hi);
  }

  private Optional<Used> usedIn(String account, BigInteger nonce, long block) {
    return reader.transactions(block).stream()
        .filter(t -> account.equalsIgnoreCase(t.getFrom()) && nonce.equals(t.getNonce()))
        .findFirst()
        .map(t -> new Used(block, t.getHash()));
  }
}
