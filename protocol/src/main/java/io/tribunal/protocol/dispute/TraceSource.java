package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Domain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * A party's local view of one training job: what it committed (solver) or what it recomputed
 * (challenger). MLP jobs: {@link MlpTraceSource} (honest ones from checkpoints plus recomputation
 * inside an interval, {@link LocalTrace#fromStore}; a cheating solver's from {@code
 * dispute.cheat.CheatingTrainer}). Op-graph jobs: {@code GraphTrace}.
 */
public interface TraceSource {
  /** The job's config hash (what the trace root binds). */
  Hash32 configHash();

  /** n, the number of training steps. */
  long steps();

  /** K, the checkpoint interval. */
  long interval();

  /** Number of tensors of a state (parameters, and optimizer moments for graphs). */
  int parameterCount();

  /** The committed trace leaves, one per checkpoint step 0, K, 2K, ..., n. */
  List<Hash32> traceLeaves();

  /** The committed final model hash (h_n for an honest run). */
  Hash32 finalModelHash();

  /** Per-step trace leaves keccak(0x04 || s || h_s) for s in [first, last]. */
  List<Hash32> stepLeaves(long first, long last);

  /** Parameters of the state after {@code step} steps (state order). */
  List<Tensor> parameters(long step);

  /** Every op output of step {@code step} (program order; a graph's op nodes in node order). */
  List<Tensor> opOutputs(long step);

  /**
   * The solver's final move for the element the game pinpointed: the opened row, the declared input
   * rows with their proofs (and, for a graph, the node openings).
   */
  Move.ProveLeaf leaf(Pinpoint p);

  /** The node a pick of {@code tensor} opens (nothing for an MLP job). */
  default NodeOpening pickOpening(boolean atInit, int tensor) {
    return NodeOpening.NONE;
  }

  /** The trace tree root (what the trace root binds besides config, n and K). */
  default Hash32 traceTreeRoot() {
    return MerkleLevels.of(traceLeaves()).root();
  }

  /** The trace root a solver commits: keccak(0x05 || configHash || n || K || treeRoot). */
  default Hash32 committedTraceRoot() {
    return Keccak.packer(81)
        .u8(Domain.TRACE)
        .hash(configHash())
        .u64(steps())
        .u64(interval())
        .hash(traceTreeRoot())
        .keccak();
  }
}
