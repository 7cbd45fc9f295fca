package io.tribunal.explorer.chain;

import io.tribunal.explorer.index.Ledger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Re-reads the solvers' offers when they are older than {@code maxAge} (not on every block). */
final class Offers {
  private static final Logger LOG = LoggerFactory.getLogger(Offers.class);
  private final OfferReader reader;
  private final Duration maxAge;
  private long readAt = Long.MIN_VALUE;
  private Map<String, String> endpointsRead = Map.of();
  private final Set<String> unreachable = new HashSet<>();

  Offers(OfferReader reader, Duration maxAge) {
    this.reader = reader;
    this.maxAge = maxAge;
  }

  /** Reads every server again on the next refresh (the ledger was rebuilt). */
  void forget() {
    endpointsRead = Map.of();
    readAt = Long.MIN_VALUE;
  }

  /** True when it read the servers (the snapshot should then be published again). */
  boolean refresh(Ledger ledger) {
    Map<String, String> endpoints = ledger.endpoints();
    long now = System.nanoTime();
    if (endpoints.equals(endpointsRead) && now - readAt < maxAge.toNanos()) {
      return false;
    }
    for (var e : endpoints.entrySet()) {
      var read = reader.read(e.getKey(), e.getValue());
      if (read.isEmpty() && unreachable.add(e.getKey())) {
        LOG.info(
            "solver {}: no model list from {}; its models show no offer", e.getKey(), e.getValue());
      } else if (read.isPresent() && unreachable.remove(e.getKey())) {
        LOG.info("solver {}: {} answers again", e.getKey(), e.getValue());
      }
      ledger.offers(e.getKey(), read.orElse(List.of()));
    }
    endpointsRead = Map.copyOf(endpoints);
    readAt = now;
    return !endpoints.isEmpty();
  }
}
