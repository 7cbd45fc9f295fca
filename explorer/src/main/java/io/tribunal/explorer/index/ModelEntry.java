package io.tribunal.explorer.index;

import java.util.List;

/**
 * A trained model the chain accepted: the first finalized job that produced its hash, its model
 * card (spec, dataset, steps) and the servers selling inference on it.
 *
 * @param spec the spec string a server publishes for it ("" when no reachable server sells it: the
 *     chain holds only its hash, {@code modelSpecHash})
 */
public record ModelEntry(
    String modelHash,
    String jobId,
    String solver,
    String modelSpecHash,
    String spec,
    String datasetRoot,
    String datasetUri,
    long steps,
    long finalizedTime,
    List<Offer> offers) {
  public ModelEntry {
    offers = List.copyOf(offers);
  }
}
