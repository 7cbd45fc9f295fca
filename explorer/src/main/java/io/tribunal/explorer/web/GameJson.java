package io.tribunal.explorer.web;

import io.tribunal.explorer.index.GameEntry;
import io.tribunal.explorer.index.GameMove;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a game: the fields {@code tribunal dispute list --json} prints, and its moves. */
final class GameJson {
  private GameJson() {}

  static Map<String, Object> summary(GameEntry e, long now) {
    DisputeView v = e.view();
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("gameId", v.gameId());
    g.put("jobId", v.jobId().hex());
    g.put("kind", v.kind().name());
    g.put("challenger", v.challenger().toLowerCase(java.util.Locale.ROOT));
    g.put("solver", v.solver().toLowerCase(java.util.Locale.ROOT));
    g.put("phase", v.phase().name());
    g.put("turn", v.turn().name());
    g.put("deadline", v.deadline());
    g.put("deadlinePassed", !v.resolved() && now > v.deadline());
    g.put("solverClock", v.solverClock());
    g.put("challengerClock", v.challengerClock());
    g.put("bond", Long.toString(v.bond()));
    g.put("outcome", v.outcome().name());
    if (v.resolved()) {
      g.put("winner", (v.outcome().challengerWon() ? Side.CHALLENGER : Side.SOLVER).name());
    }
    g.put("pinpoint", v.pinpoint().toString());
    g.put("atInit", v.pinpoint().atInit());
    v.pinpoint().step().ifPresent(x -> g.put("step", x));
    v.pinpoint().tensor().ifPresent(x -> g.put("tensor", x));
    v.pinpoint().row().ifPresent(x -> g.put("row", x));
    v.pinpoint().col().ifPresent(x -> g.put("col", x));
    g.put("moveCount", e.moves().size());
    return g;
  }

  static Map<String, Object> full(GameEntry e, long now) {
    Map<String, Object> g = summary(e, now);
    List<Map<String, Object>> moves = new ArrayList<>();
    for (GameMove m : e.moves()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("block", m.block());
      x.put("time", m.time());
      x.put("tx", m.tx());
      x.put("name", m.name());
      x.put("side", m.side());
      x.put("detail", m.detail());
      m.narrowing().ifPresent(n -> x.put("narrowing", n));
      moves.add(x);
    }
    g.put("moves", moves);
    return g;
  }
}
