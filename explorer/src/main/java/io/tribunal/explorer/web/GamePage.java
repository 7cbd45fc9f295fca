package io.tribunal.explorer.web;

import io.tribunal.explorer.index.GameEntry;
import io.tribunal.explorer.index.GameMove;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import io.tribunal.protocol.dispute.DisputeView;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /games/<id>}: one dispute game drawn, its clocks, bond, moves and verdict. */
final class GamePage implements Page {
  @Override
  public Set<String> params() {
    return Set.of();
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (args.size() != 1) {
      throw HttpProblem.notFound("no such page");
    }
    r.allowOnly(params());
    String raw = args.get(0);
    if (!raw.matches("[1-9][0-9]{0,17}")) {
      throw HttpProblem.badRequest("a game id is a whole number from 1");
    }
    long id = Long.parseLong(raw);
    GameEntry g =
        s.game(id).orElseThrow(() -> HttpProblem.notFound("no game " + id + " on this chain"));
    Map<String, Object> json = GameJson.full(g, s.chainTime());
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    return new Rendered("Game " + id, json, html(s, g));
  }

  /** The step's op graph (or the initial parameters), the disputed one marked once known. */
  private static void ops(StringBuilder b, List<String> names, DisputeView v) {
    int hit = v.pinpoint().tensor().orElse(-1);
    b.append("<h2>")
        .append(
            v.pinpoint().atInit()
                ? "The initial parameters"
                : "The op graph of step " + v.pinpoint().step().getAsLong())
        .append("</h2><ol start=\"0\" class=\"ops\" id=\"ops\">");
    for (int i = 0; i < names.size(); i++) {
      if (i == hit) {
        b.append("<li class=\"disputed\"><mark>")
            .append(Html.esc(names.get(i)))
            .append("</mark> <strong>disputed</strong></li>");
      } else {
        b.append("<li>").append(Html.esc(names.get(i))).append("</li>");
      }
    }
    b.append("</ol>");
  }

  private static String html(Snapshot s, GameEntry g) {
    DisputeView v = g.view();
    long now = s.chainTime();
    Tusd tusd = new Tusd(s.network().decimals());
    StringBuilder b = new StringBuilder();
    b.append("<h1>Dispute game #")
        .append(v.gameId())
        .append("</h1><p class=\"status\">")
        .append(Show.badge(v.phase().name()));
    if (!v.resolved()) {
      b.append(" <strong>")
          .append(v.turn())
          .append("</strong> to move, ")
          .append(Show.countdown(v.deadline(), now));
    }
    b.append(
        "</p><section class=\"verdict\" aria-labelledby=\"verdict\"><h2 id=\"verdict\">Verdict</h2>");
    if (v.resolved()) {
      b.append("<p>")
          .append(Show.badge(v.outcome().name()))
          .append(" · winner <strong>")
          .append(v.outcome().challengerWon() ? "challenger" : "solver")
          .append("</strong></p>");
    } else {
      b.append("<p>Running: narrowed so far to</p>");
    }
    b.append("<p class=\"pinpoint\">Pinpoint: <strong id=\"pinpoint\">")
        .append(Html.esc(v.pinpoint().toString()))
        .append("</strong></p><dl class=\"facts\">");
    JobPage.fact(
        b,
        "Step",
        v.pinpoint().step().isPresent()
            ? String.valueOf(v.pinpoint().step().getAsLong())
            : "not fixed yet");
    JobPage.fact(
        b,
        v.pinpoint().atInit() ? "Parameter" : "Op",
        v.pinpoint().tensor().isPresent()
            ? String.valueOf(v.pinpoint().tensor().getAsInt())
            : "not fixed yet");
    JobPage.fact(
        b,
        "Element",
        v.pinpoint().row().isPresent() && v.pinpoint().col().isPresent()
            ? "row " + v.pinpoint().row().getAsInt() + ", col " + v.pinpoint().col().getAsInt()
            : "not fixed yet");
    b.append("</dl></section><dl class=\"facts\">");
    JobPage.fact(b, "Job", Show.job(g.jobId()));
    JobPage.fact(b, "Claim", v.kind().name());
    JobPage.fact(b, "Challenger", Show.shortHex(v.challenger().toLowerCase(java.util.Locale.ROOT)));
    JobPage.fact(b, "Solver", Show.solver(v.solver().toLowerCase(java.util.Locale.ROOT)));
    JobPage.fact(b, "Bond", Show.tusd(tusd, BigInteger.valueOf(v.bond())));
    JobPage.fact(
        b,
        "Solver's clock",
        Show.duration(v.solverClock())
            + " left"
            + (v.turn().name().equals("SOLVER") ? " (running)" : ""));
    JobPage.fact(
        b,
        "Challenger's clock",
        Show.duration(v.challengerClock())
            + " left"
            + (v.turn().name().equals("CHALLENGER") ? " (running)" : ""));
    b.append("</dl><h2>The bisection</h2>").append(GameDrawing.draw(g.moves()));
    if (v.pinpoint().atInit() || v.pinpoint().step().isPresent()) {
      s.job(g.jobId())
          .flatMap(j -> OpNames.of(j, v.pinpoint().atInit()))
          .ifPresent(names -> ops(b, names, v));
    }
    b.append("<h2>Moves</h2><div class=\"scroll\"><table id=\"moves\"><caption>")
        .append(g.moves().size())
        .append(
            " event(s), oldest first</caption><thead><tr>"
                + "<th scope=\"col\">#</th><th scope=\"col\">Block</th><th scope=\"col\">Side</th>"
                + "<th scope=\"col\">Move</th><th scope=\"col\">Detail</th><th scope=\"col\">Transaction</th>"
                + "</tr></thead><tbody>");
    int i = 0;
    for (GameMove m : g.moves()) {
      b.append("<tr class=\"move\"><td>")
          .append(++i)
          .append("</td><td>")
          .append(m.block())
          .append("</td><td>")
          .append(Html.esc(m.side()))
          .append("</td><td>")
          .append(Html.esc(m.name()))
          .append("</td><td>")
          .append(Html.esc(m.detail()))
          .append("</td><td>")
          .append(Show.shortHex(m.tx()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    return b.toString();
  }
}
