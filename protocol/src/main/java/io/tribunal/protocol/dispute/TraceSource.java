package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Domain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * A party's local view of one training job: what it committed (solver) or what it recomputed
 * (challenger). Honest sources come from checkpoints plus recomputation inside an interval ({@link
 * LocalTrace#fromStore}); a cheating solver's come from {@code dispute.cheat.CheatingTrainer}.
 */
public interface TraceSource {
  TrainingConfig config();

  /** The training set the batch indices are drawn from. */
  Dataset train();

  DatasetCommitment datasetCommitment();

  /** The committed trace leaves, one per checkpoint step 0, K, 2K, ..., n. */
  List<Hash32> traceLeaves();

  /** The committed final model hash (h_n for an honest run). */
  Hash32 finalModelHash();

  /** Per-step trace leaves keccak(0x04 || s || h_s) for s in [first, last]. */
  List<Hash32> stepLeaves(long first, long last);

  /** Parameters of the state after {@code step} steps (state order W1, b1, ...). */
  List<Tensor> parameters(long step);

  /** Every op output of step {@code step} (program order). */
  List<Tensor> opOutputs(long step);

  /** The trace tree root (what the trace root binds besides config, n and K). */
  default Hash32 traceTreeRoot() {
    return MerkleLevels.of(traceLeaves()).root();
  }

  /** The trace root a solver commits: keccak(0x05 || configHash || n || K || treeRoot). */
  default Hash32 committedTraceRoot() {
    TrainingConfig c = config();
    return Keccak.packer(81)
        .u8(Domain.TRACE)
        .hash(c.configHash())
        .u64(c.steps())
        .u64(c.interval())
        .hash(traceTreeRoot())
        .keccak();
  }
}
