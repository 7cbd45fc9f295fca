package io.tribunal.protocol.dispute;

import java.util.List;

/**
 * What the engine reports about a game: its state, the pinpoint (step, op, row, col) it has
 * narrowed to, the moves so far (from events) and who must move by when.
 */
public record DisputeReport(DisputeView view, List<GameEvent> events) {
  public DisputeReport {
    events = List.copyOf(events);
  }

  public static DisputeReport of(DisputeChain chain, long gameId) {
    return new DisputeReport(chain.view(gameId), chain.events(gameId));
  }

  public Pinpoint pinpoint() {
    return view.pinpoint();
  }

  /** Moves made by {@code side} (one transaction each; an interval post counts once). */
  public long moves(Side side) {
    return events.stream().filter(e -> e.side() == side).map(GameEvent::txHash).distinct().count();
  }

  public String summary() {
    DisputeView v = view;
    String who =
        v.resolved()
            ? "resolved: "
                + v.outcome()
                + " ("
                + (v.outcome().challengerWon() ? "challenger" : "solver")
                + " won)"
            : v.turn() + " must move (" + v.phase() + ") by " + v.deadline();
    return "game " + v.gameId() + " [" + v.kind() + "] " + who + "; pinpoint " + v.pinpoint();
  }
}
