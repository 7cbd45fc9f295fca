package io.tribunal.core.commit;

import java.util.ArrayList;
import java.util.List;

/**
 * The trace root a solver commits: a positional tree over the checkpoint state hashes h_0, h_K,
 * h_2K, ..., and h_n (always included, even when K does not divide n), each leaf = keccak256(0x04
 * || uint64 step || h_step); traceRoot = keccak256(0x05 || configHash || uint64 n || uint64 K ||
 * treeRoot).
 *
 * <p>Invariant: leaf i commits the state after step {@link #checkpointStep}(i, n, K), so a dispute
 * can locate any committed state by index alone.
 */
public final class TraceCommitment {
  private final Hash32 configHash;
  private final long steps;
  private final long interval;
  private final PositionalTree tree;

  private TraceCommitment(Hash32 configHash, long steps, long interval, PositionalTree tree) {
    this.configHash = configHash;
    this.steps = steps;
    this.interval = interval;
    this.tree = tree;
  }

  /** Steps whose states are committed: 0, K, 2K, ..., and n. */
  public static List<Long> checkpointSteps(long n, long k) {
    List<Long> steps = new ArrayList<>();
    for (long s = 0; s < n; s += k) {
      steps.add(s);
    }
    steps.add(n);
    return steps;
  }

  public static long checkpointStep(int leafIndex, long n, long k) {
    return Math.min((long) leafIndex * k, n);
  }

  public static boolean isCheckpoint(long step, long n, long k) {
    return step % k == 0 || step == n;
  }

  public static Hash32 leaf(long step, Hash32 stateHash) {
    return Keccak.packer(41).u8(Domain.TRACE_LEAF).u64(step).hash(stateHash).keccak();
  }

  /** stateHashes.get(i) must be the state hash at checkpointSteps(n, k).get(i). */
  public static TraceCommitment of(Hash32 configHash, long n, long k, List<Hash32> stateHashes) {
    List<Long> steps = checkpointSteps(n, k);
    if (steps.size() != stateHashes.size()) {
      throw new IllegalArgumentException(
          "need " + steps.size() + " checkpoint state hashes, got " + stateHashes.size());
    }
    Hash32[] leaves = new Hash32[steps.size()];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = leaf(steps.get(i), stateHashes.get(i));
    }
    return new TraceCommitment(configHash, n, k, PositionalTree.of(leaves));
  }

  public Hash32 root() {
    return Keccak.packer(81)
        .u8(Domain.TRACE)
        .hash(configHash)
        .u64(steps)
        .u64(interval)
        .hash(tree.root())
        .keccak();
  }

  public Hash32 treeRoot() {
    return tree.root();
  }

  public List<Hash32> proof(int leafIndex) {
    return tree.proof(leafIndex);
  }
}
