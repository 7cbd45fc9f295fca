package io.tribunal.explorer.chain;

import io.tribunal.explorer.index.Ledger;
import io.tribunal.explorer.index.Offer;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the solvers' offers when they are older than {@code maxAge} or the set of endpoints
 * changed, on a virtual thread of its own: a slow or silent server (2 s timeouts each) never holds
 * up the next block. The indexer applies a finished read on its next refresh.
 */
final class Offers {
  private static final Logger LOG = LoggerFactory.getLogger(Offers.class);
  private final OfferReader reader;
  private final HeldOutReader heldOut = new HeldOutReader();
  private volatile Map<String, String> finishedHeldOut;
  private final Duration maxAge;
  private final Set<String> unreachable = new HashSet<>();
  private volatile Map<String, List<Offer>> finished;
  private boolean reading;
  private boolean everRead;
  private long readAt;
  private Map<String, String> endpointsRead = Map.of();

  Offers(OfferReader reader, Duration maxAge) {
    this.reader = reader;
    this.maxAge = maxAge;
  }

  /** Reads every server again on the next refresh (the ledger was rebuilt). */
  void forget() {
    everRead = false;
    endpointsRead = Map.of();
  }

  /**
   * Applies a finished read to {@code ledger} and starts the next one when due; true when the
   * ledger's offers changed (the snapshot should then be published again).
   */
  boolean refresh(Ledger ledger) {
    boolean changed = false;
    Map<String, List<Offer>> done = finished;
    if (done != null) {
      finished = null;
      reading = false;
      done.forEach(ledger::offers);
      changed = !done.isEmpty();
    }
    Map<String, String> figures = finishedHeldOut;
    if (figures != null && !reading) {
      finishedHeldOut = null;
      figures.forEach(ledger::heldOut);
      changed |= !figures.isEmpty();
    }
    Map<String, String> endpoints = ledger.endpoints();
    long now = System.nanoTime();
    boolean due = !everRead || !endpoints.equals(endpointsRead) || now - readAt >= maxAge.toNanos();
    if (!reading && due && !endpoints.isEmpty()) {
      reading = true;
      everRead = true;
      readAt = now;
      endpointsRead = Map.copyOf(endpoints);
      Map<String, String> toRead = endpointsRead;
      Map<String, List<String>> jobs = ledger.unreadHeldOut();
      Thread.ofVirtual()
          .name("explorer-offers")
          .start(
              () -> {
                finishedHeldOut = readHeldOut(toRead, jobs);
                finished = readAll(toRead);
              });
    }
    return changed;
  }

  /**
   * The held-out figures of finalized jobs from their solvers' manifests (unreachable: skipped).
   */
  private Map<String, String> readHeldOut(
      Map<String, String> endpoints, Map<String, List<String>> jobs) {
    Map<String, String> out = new LinkedHashMap<>();
    jobs.forEach(
        (solver, ids) -> {
          String endpoint = endpoints.get(solver);
          for (String id : endpoint == null ? List.<String>of() : ids) {
            heldOut.read(endpoint, id).ifPresent(f -> out.put(id, f));
          }
        });
    return out;
  }

  private Map<String, List<Offer>> readAll(Map<String, String> endpoints) {
    Map<String, List<Offer>> out = new LinkedHashMap<>();
    for (var e : endpoints.entrySet()) {
      var read = reader.read(e.getKey(), e.getValue());
      synchronized (unreachable) {
        if (read.isEmpty() && unreachable.add(e.getKey())) {
          LOG.info(
              "solver {}: no model list from {}; its models show no offer",
              e.getKey(),
              e.getValue());
        } else if (read.isPresent() && unreachable.remove(e.getKey())) {
          LOG.info("solver {}: {} answers again", e.getKey(), e.getValue());
        }
      }
      out.put(e.getKey(), read.orElse(List.of()));
    }
    return out;
  }
}
