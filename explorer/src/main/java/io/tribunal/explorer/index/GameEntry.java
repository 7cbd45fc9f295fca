package io.tribunal.explorer.index;

import io.tribunal.protocol.dispute.DisputeView;
import java.util.List;

/**
 * One dispute game: the contract's view of it (phase, turn, deadline, clocks, bond, outcome,
 * pinpoint) and every move so far, oldest first.
 */
public record GameEntry(DisputeView view, List<GameMove> moves) {
  public GameEntry {
    moves = List.copyOf(moves);
  }

  public long id() {
    return view.gameId();
  }

  public String jobId() {
    return view.jobId().hex();
  }
}
