package io.tribunal.explorer.index;

import java.util.List;

/**
 * A trained model the chain accepted: the first finalized job that produced its hash, its model
 * card (spec, dataset, steps) and the servers selling inference on it.
 *
 * @param spec its spec, from the job's submission (or else from a server selling it; "" when
 *     neither says: the chain holds only its hash, {@code modelSpecHash}); {@code batch} from the
 *     submission too (0 when unknown)
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
    List<Offer> offers) {
  public ModelEntry {
    offers = List.copyOf(offers);
  }
}
