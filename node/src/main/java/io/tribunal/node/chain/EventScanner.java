package io.tribunal.node.chain;

import io.tribunal.node.persist.CursorStore;
import io.tribunal.protocol.chain.BlockInfo;
import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads a contract's logs with a confirmation depth: only blocks at least {@code confirmations}
 * deep are handed over, in order, then the cursor and the block's hash are stored. Before each scan
 * the hash of the stored cursor block is compared with the chain's: if the chain reorganised, the
 * cursor walks back to the last block whose hash still matches and the events above it are read
 * again. Handlers must therefore be idempotent (they are: daemons re-check the chain's state before
 * acting on an event).
 */
public final class EventScanner {
  private static final Logger LOG = LoggerFactory.getLogger(EventScanner.class);
  private static final long MAX_RANGE = 2_000;

  /** How far back a detected reorg rewinds (deeper reorgs need a restart with a lower cursor). */
  public static final long REORG_DEPTH = 64;

  /** Receives the logs of confirmed blocks. */
  @FunctionalInterface
  public interface Handler {
    void onLogs(List<Log> logs);
  }

  private final String name;
  private final ChainReader reader;
  private final CursorStore cursors;
  private final List<String> addresses;
  private final long startBlock;
  private final int confirmations;

  public EventScanner(
      String name,
      ChainReader reader,
      CursorStore cursors,
      List<String> addresses,
      long startBlock,
      int confirmations) {
    this.name = name;
    this.reader = reader;
    this.cursors = cursors;
    this.addresses = List.copyOf(addresses);
    this.startBlock = startBlock;
    this.confirmations = confirmations;
  }

  /** Scans from the cursor to the confirmed head; returns the confirmed head reached. */
  public long poll(Handler handler) {
    long head = reader.head();
    long confirmed = head - (confirmations - 1);
    long cursor = checkReorg(cursors.cursor(name).orElse(startBlock - 1));
    while (cursor < confirmed) {
      long to = Math.min(confirmed, cursor + MAX_RANGE);
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(cursor + 1)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
              addresses);
      List<Log> logs = reader.logs(filter);
      Optional<BlockInfo> last = reader.block(to);
      if (last.isEmpty()) {
        break; // the node went backwards under us: next poll re-checks
      }
      handler.onLogs(logs);
      cursors.advance(name, to, last.get().hash());
      cursor = to;
    }
    return confirmed;
  }

  /**
   * If the stored hash of the cursor block is no longer the chain's, the chain reorganised: moves
   * the cursor back {@link #REORG_DEPTH} blocks (events there are read again).
   */
  private long checkReorg(long cursor) {
    Optional<String> stored = cursors.hashAt(name, cursor);
    if (stored.isEmpty()) {
      return cursor;
    }
    Optional<BlockInfo> now = reader.block(cursor);
    if (now.isPresent() && now.get().hash().equalsIgnoreCase(stored.get())) {
      return cursor;
    }
    long back = Math.max(startBlock - 1, cursor - REORG_DEPTH);
    LOG.warn("{}: chain reorganised at block {}; re-reading from block {}", name, cursor, back + 1);
    cursors.rewind(name, back);
    return back;
  }
}
