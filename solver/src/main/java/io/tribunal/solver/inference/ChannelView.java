package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's cached picture of its channels (payee = this server), fed by {@link ChannelWatcher}
 * from PaymentChannels events, plus the chain clock. Reads never touch the node.
 */
public final class ChannelView {
  private final Map<Bytes32, ChannelState> channels = new ConcurrentHashMap<>();
  private volatile long blockTimestamp;
  private volatile long observedAtNanos = System.nanoTime();
  private volatile long block;

  public Optional<ChannelState> get(Bytes32 id) {
    return Optional.ofNullable(channels.get(id));
  }

  public Collection<ChannelState> all() {
    return channels.values();
  }

  void put(ChannelState state) {
    channels.put(state.id(), state);
  }

  void update(Bytes32 id, java.util.function.UnaryOperator<ChannelState> change) {
    channels.computeIfPresent(id, (k, v) -> change.apply(v));
  }

  void observeHead(long blockNumber, long timestamp) {
    this.block = blockNumber;
    this.blockTimestamp = timestamp;
    this.observedAtNanos = System.nanoTime();
  }

  public long block() {
    return block;
  }

  /**
   * Chain time estimate: the latest block's timestamp plus the wall time since it was read (a quiet
   * chain mints no blocks, but its next block will carry at least this timestamp).
   */
  public long chainNow() {
    return blockTimestamp + (System.nanoTime() - observedAtNanos) / 1_000_000_000L;
  }
}
