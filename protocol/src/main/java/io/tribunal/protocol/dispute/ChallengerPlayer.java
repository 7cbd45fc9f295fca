package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.List;
import java.util.Optional;

/**
 * The challenger's side of a game: at every level it compares what the solver revealed with its own
 * recomputation ({@link TraceSource}) and names the FIRST disagreement, so everything left of the
 * remaining segment is agreed and the game ends at an element whose inputs are honest.
 */
public final class ChallengerPlayer extends Player {
  private final TraceSource own;
  private MerkleLevels traceTree;

  public ChallengerPlayer(DisputeChain chain, TraceSource own) {
    super(chain, Side.CHALLENGER);
    this.own = own;
  }

  /**
   * Which claim to open against a commitment, if any: a differing trace root is a TRANSITION claim
   * (it also reaches a wrong h_0); an honest trace with a final model hash other than h_n is MODEL.
   */
  public Optional<ClaimKind> claimAgainst(Hash32 traceTreeRoot, Hash32 finalModelHash) {
    if (!traceTreeRoot.equals(traceTree().root())) {
      return Optional.of(ClaimKind.TRANSITION);
    }
    if (!finalModelHash.equals(own.finalModelHash())) {
      return Optional.of(ClaimKind.MODEL);
    }
    return Optional.empty();
  }

  @Override
  Optional<Move> ownMove(DisputeView v) {
    return switch (v.phase()) {
      case PICK -> pick(v);
      case PICK_TENSOR -> pickTensor(v);
      case PICK_COLUMN -> pickColumn(v);
      default -> throw new IllegalStateException("not a challenger phase: " + v.phase());
    };
  }

  private Optional<Move> pick(DisputeView v) {
    List<Hash32> theirs = v.revealed();
    List<Hash32> mine = tree(v).children(v.height(), v.index());
    return firstDifference(theirs, mine).map(j -> new Move.Pick(theirs, j));
  }

  private Optional<Move> pickTensor(DisputeView v) {
    Pinpoint p = v.pinpoint();
    List<Hash32> posted = v.postedRoots();
    long step = p.step().orElseThrow();
    int params = own.parameterCount();
    if (p.atInit()) {
      return firstDifference(posted, RowTrees.roots(own.parameters(0)))
          .map(t -> new Move.PickTensor(posted, t, own.pickOpening(p.atInit(), t)));
    }
    List<Hash32> theirOps = posted.subList(params, posted.size());
    return firstDifference(theirOps, RowTrees.roots(own.opOutputs(step)))
        .map(t -> new Move.PickTensor(posted, t, own.pickOpening(p.atInit(), t)));
  }

  private Optional<Move> pickColumn(DisputeView v) {
    int[] theirs = PackedRow.unpack(v.openedRow().orElseThrow());
    int[] mine = tensor(v.pinpoint()).row(v.pinpoint().row().orElseThrow());
    for (int c = 0; c < Math.min(theirs.length, mine.length); c++) {
      if (theirs[c] != mine[c]) {
        return Optional.of(new Move.PickColumn(c));
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> firstDifference(List<Hash32> theirs, List<Hash32> mine) {
    for (int j = 0; j < Math.min(theirs.size(), mine.size()); j++) {
      if (!theirs.get(j).equals(mine.get(j))) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  private MerkleLevels tree(DisputeView v) {
    return switch (v.tree()) {
      case TRACE -> traceTree();
      case INTERVAL ->
          MerkleLevels.of(own.stepLeaves(v.baseStep(), v.baseStep() + v.leafCount() - 1));
      case TENSOR -> RowTrees.of(tensor(v.pinpoint()));
      case NONE -> throw new IllegalStateException("no dissection tree in game " + v.gameId());
    };
  }

  private Tensor tensor(Pinpoint p) {
    int t = p.tensor().orElseThrow();
    return p.atInit() ? own.parameters(0).get(t) : own.opOutputs(p.step().orElseThrow()).get(t);
  }

  private synchronized MerkleLevels traceTree() {
    if (traceTree == null) {
      traceTree = MerkleLevels.of(own.traceLeaves());
    }
    return traceTree;
  }
}
