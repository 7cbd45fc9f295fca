package io.tribunal.explorer.chain;

import io.tribunal.explorer.index.Ledger;
import io.tribunal.explorer.index.Offer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Re-reads the solvers' offers when they are older than {@code maxAge} (not on every block). */
final class Offers {
  private final OfferReader reader;
  private final Duration maxAge;
  private long readAt = Long.MIN_VALUE;
  private Map<String, String> endpointsRead = Map.of();

  Offers(OfferReader reader, Duration maxAge) {
    this.reader = reader;
    this.maxAge = maxAge;
  }

  /** True when it read the servers (the snapshot should then be published again). */
  boolean refresh(Ledger ledger) {
    Map<String, String> endpoints = ledger.endpoints();
    long now = System.nanoTime();
    if (endpoints.equals(endpointsRead) && now - readAt < maxAge.toNanos()) {
      return false;
    }
    for (var e : endpoints.entrySet()) {
      List<Offer> list = reader.read(e.getKey(), e.getValue()).orElse(List.of());
      ledger.offers(e.getKey(), list);
    }
    endpointsRead = Map.copyOf(endpoints);
    readAt = now;
    return !endpoints.isEmpty();
  }
}
