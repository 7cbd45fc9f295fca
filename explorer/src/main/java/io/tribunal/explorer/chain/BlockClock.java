package io.tribunal.explorer.chain;

import io.tribunal.protocol.chain.BlockInfo;
import io.tribunal.protocol.chain.ChainReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Block timestamps, read once per block and kept for the most recent blocks asked. */
final class BlockClock {
  private static final int KEEP = 4_096;
  private final ChainReader reader;
  private final Map<Long, Long> times =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> e) {
          return size() > KEEP;
        }
      };

  BlockClock(ChainReader reader) {
    this.reader = reader;
  }

  /** The timestamp of block {@code number} (0 if the node does not have it). */
  long time(long number) {
    return times.computeIfAbsent(number, n -> reader.block(n).map(BlockInfo::timestamp).orElse(0L));
  }
}
