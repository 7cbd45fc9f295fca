package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The solver's side of a game: answers every challenge with reveals of what it committed, from its
 * {@link TraceSource}. Honest data always passes the contract's checks, so an honest defender can
 * only lose by not moving in time.
 *
 * <p>One defender serves every game on its job, from several threads at once: {@link #decide} keeps
 * no per-game state, the trace tree is built once under a lock, interval trees (recomputed from a
 * checkpoint) are cached for the games that dissect the same interval, and the {@link TraceSource}
 * must itself be thread-safe ({@link LocalTrace} is).
 */
public final class SolverDefender extends Player {
  /** Interval trees kept for other games on the same interval (each is at most K + 1 leaves). */
  private static final int INTERVAL_CACHE = 64;

  private final TraceSource trace;
  private final Object traceTreeLock = new Object();
  private volatile MerkleLevels traceTree;
  private final Map<List<Long>, MerkleLevels> intervals =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Long>, MerkleLevels> eldest) {
          return size() > INTERVAL_CACHE;
        }
      };

  public SolverDefender(DisputeChain chain, TraceSource trace) {
    super(chain, Side.SOLVER);
    this.trace = trace;
  }

  @Override
  Optional<Move> ownMove(DisputeView v) {
    Pinpoint p = v.pinpoint();
    return Optional.of(
        switch (v.phase()) {
          case AWAIT_TRACE -> first(v);
          case REVEAL -> new Move.Reveal(tree(v).children(v.height(), v.index()));
          case AWAIT_INTERVAL -> interval(v);
          case AWAIT_INIT_STATE -> new Move.RevealInitState(RowTrees.roots(trace.parameters(0)));
          case AWAIT_STEP -> step(v);
          case OPEN_ROW -> new Move.OpenRow(PackedRow.pack(tensor(p).row(p.row().orElseThrow())));
          case PROVE_LEAF -> trace.leaf(p);
          default -> throw new IllegalStateException("not a solver phase: " + v.phase());
        });
  }

  private Move first(DisputeView v) {
    MerkleLevels t = traceTree();
    return switch (v.kind()) {
      case TRANSITION -> new Move.RevealTrace(t.root(), t.children(t.height(), 0));
      case INIT ->
          new Move.RevealInit(
              t.root(), t.proof(0, t.height()), RowTrees.roots(trace.parameters(0)));
      case MODEL -> new Move.ProveModel(t.root(), t.proof(t.leafCount() - 1, t.height()));
    };
  }

  private Move interval(DisputeView v) {
    int leaf = Math.toIntExact(v.index());
    long k = trace.interval();
    long first = (leaf - 1) * k;
    long last = Math.min(leaf * k, trace.steps());
    Hash32 agreed = traceTree().leaf(leaf - 1);
    List<Hash32> predProof = traceTree().proof(leaf - 1, v.predHeight());
    if (last - first == 1) {
      return new Move.PostInterval(agreed, predProof, Hash32.ZERO, List.of(), List.of(), List.of());
    }
    MerkleLevels il = intervalTree(first, last);
    int h = il.height();
    return new Move.PostInterval(
        agreed,
        predProof,
        il.root(),
        il.proof(0, h),
        il.proof(il.leafCount() - 1, h),
        il.children(h, 0));
  }

  private Move step(DisputeView v) {
    long step = v.pinpoint().step().orElseThrow();
    Hash32 agreed;
    List<Hash32> predProof;
    if (v.tree() == TreeKind.INTERVAL) {
      MerkleLevels il = intervalTree(v.baseStep(), v.baseStep() + v.leafCount() - 1);
      long j = step - v.baseStep();
      agreed = il.leaf(Math.toIntExact(j));
      predProof = il.proof(j, v.predHeight());
    } else {
      agreed = traceTree().leaf(Math.toIntExact(v.index() - 1));
      predProof = List.of();
    }
    return new Move.RevealStep(
        agreed,
        predProof,
        RowTrees.roots(trace.parameters(step)),
        RowTrees.roots(trace.opOutputs(step)));
  }

  private MerkleLevels tree(DisputeView v) {
    return switch (v.tree()) {
      case TRACE -> traceTree();
      case INTERVAL -> intervalTree(v.baseStep(), v.baseStep() + v.leafCount() - 1);
      case TENSOR -> RowTrees.of(tensor(v.pinpoint()));
      case NONE -> throw new IllegalStateException("no dissection tree in game " + v.gameId());
    };
  }

  private Tensor tensor(Pinpoint p) {
    int t = p.tensor().orElseThrow();
    return p.atInit() ? trace.parameters(0).get(t) : trace.opOutputs(p.step().orElseThrow()).get(t);
  }

  /**
   * The per-step leaves of an interval as committed: its ends are the committed trace leaves
   * (checked by the contract's first/last proofs), the inside is recomputed from the checkpoint.
   */
  private MerkleLevels intervalTree(long first, long last) {
    List<Long> key = List.of(first, last);
    synchronized (intervals) {
      MerkleLevels cached = intervals.get(key);
      if (cached != null) {
        return cached;
      }
    }
    // computed outside the cache's lock: two games may both compute it, with the same result
    List<Hash32> leaves = new ArrayList<>(trace.stepLeaves(first, last));
    long k = trace.interval();
    leaves.set(0, traceTree().leaf(Math.toIntExact(first / k)));
    leaves.set(leaves.size() - 1, traceTree().leaf(Math.toIntExact((last + k - 1) / k)));
    MerkleLevels tree = MerkleLevels.of(leaves);
    synchronized (intervals) {
      intervals.put(key, tree);
    }
    return tree;
  }

  private MerkleLevels traceTree() {
    MerkleLevels t = traceTree;
    if (t == null) {
      synchronized (traceTreeLock) {
        t = traceTree;
        if (t == null) {
          t = MerkleLevels.of(trace.traceLeaves());
          traceTree = t;
        }
      }
    }
    return t;
  }
}
