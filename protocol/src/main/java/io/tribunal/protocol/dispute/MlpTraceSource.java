package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.TrainingConfig;

/**
 * The trace of an MLP job: its program is derived from the config's widths ({@link LeafInputs}).
 */
public interface MlpTraceSource extends TraceSource {
  TrainingConfig config();

  /** The training set the batch indices are drawn from. */
  Dataset train();

  DatasetCommitment datasetCommitment();

  @Override
  default Hash32 configHash() {
    return config().configHash();
  }

  @Override
  default long steps() {
    return config().steps();
  }

  @Override
  default long interval() {
    return config().interval();
  }

  @Override
  default int parameterCount() {
    return config().model().parameterNames().size();
  }

  @Override
  default Move.ProveLeaf leaf(Pinpoint p) {
    return LeafInputs.build(this, p);
  }
}
