package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import java.util.List;
import java.util.Optional;

/**
 * One game as a player sees it: the contract's {@code gameView} plus what the solver last published
 * in events (the revealed descendants, the posted state/op roots, the opened row), which the
 * challenger must pass back and compare with its own data.
 *
 * @param deadline chain time (s) after which the side to move has lost; 0 when nobody moves
 * @param revealed descendants of {@link #node} from the latest {@code ChildrenRevealed}
 * @param postedRoots parameter roots then op roots from the latest {@code StateRevealed}
 * @param openedRow the row bytes of the latest {@code RowOpened}
 */
public record DisputeView(
    long gameId,
    Hash32 jobId,
    String challenger,
    String solver,
    ClaimKind kind,
    Phase phase,
    Side turn,
    long deadline,
    long solverClock,
    long challengerClock,
    long bond,
    Outcome outcome,
    TreeKind tree,
    Hash32 node,
    int height,
    long index,
    long leafCount,
    long baseStep,
    int predHeight,
    Pinpoint pinpoint,
    List<Hash32> revealed,
    List<Hash32> postedRoots,
    Optional<byte[]> openedRow) {

  public DisputeView {
    revealed = List.copyOf(revealed);
    postedRoots = List.copyOf(postedRoots);
  }

  public boolean resolved() {
    return phase == Phase.RESOLVED;
  }

  /** Levels a dissection move descends: min(4, height), as the contract's LEVELS_PER_MOVE. */
  public int levelsPerMove() {
    return Math.min(4, height);
  }
}
