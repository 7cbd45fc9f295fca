package io.tribunal.explorer.index;

import java.util.List;

/**
 * A trained model the chain accepted: the first finalized job that produced its hash, its model
 * card (spec, dataset, steps) and the servers selling inference on it.
 *
 * @param spec its spec, from the job's submission (or else from a server selling it; "" when
 *     neither says: the chain holds only its hash, {@code modelSpecHash}); {@code batch} from the
 *     submission too (0 when unknown)
 * @param heldOut the held-out figure the solver's public manifest of the job reports, e.g. "97.00%
 *     of 2000" ("" until read, or when its server does not publish it): the chain does not hold it
 */
public record ModelEntry(
    String modelHash,
    String jobId,
    String solver,
    String modelSpecHash,
    String spec,
    int batch,
    String datasetRoot,
    String datasetUri,
    long steps,
    long finalizedTime,
    String heldOut,
    List<Offer> offers) {
  public ModelEntry {
    offers = List.copyOf(offers);
  }
}
