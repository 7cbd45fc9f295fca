package io.tribunal.explorer.web;

import io.tribunal.explorer.index.GameEntry;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.protocol.dispute.DisputeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /games}: every dispute game, newest first; {@code ?state=running} or {@code resolved}. */
final class GamesPage implements Page {
  static final int PAGE_SIZE = 50;

  @Override
  public Set<String> params() {
    return Set.of("state", "page");
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (!args.isEmpty()) {
      return new GamePage().render(s, r, args);
    }
    String state = r.param("state").orElse("");
    if (!state.isEmpty() && !state.equals("running") && !state.equals("resolved")) {
      throw HttpProblem.badRequest("state must be running or resolved");
    }
    List<GameEntry> matching = new ArrayList<>();
    for (GameEntry g : s.games()) {
      if (state.isEmpty() || g.view().resolved() == state.equals("resolved")) {
        matching.add(g);
      }
    }
    int page = r.page();
    int from = Math.min(matching.size(), (page - 1) * PAGE_SIZE);
    List<GameEntry> shown = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    json.put("total", matching.size());
    json.put("page", page);
    json.put("pageSize", PAGE_SIZE);
    List<Map<String, Object>> rows = new ArrayList<>();
    shown.forEach(g -> rows.add(GameJson.summary(g, s.chainTime())));
    json.put("games", rows);
    StringBuilder b = new StringBuilder("<h1>Dispute games</h1>");
    b.append("<p>")
        .append(Html.a("/games", "all"))
        .append(" · ")
        .append(Html.a("/games?state=running", "running"))
        .append(" · ")
        .append(Html.a("/games?state=resolved", "resolved"))
        .append("</p>");
    table(b, shown, s.chainTime(), matching.size() + " game(s), newest first");
    Map<String, String> f = state.isEmpty() ? Map.of() : Map.of("state", state);
    Pager.append(b, "/games", f, page, matching.size(), PAGE_SIZE);
    return new Rendered("Dispute games", json, b.toString());
  }

  static void table(StringBuilder b, List<GameEntry> games, long now, String caption) {
    b.append("<div class=\"scroll\"><table><caption>")
        .append(Html.esc(caption))
        .append(
            "</caption><thead><tr><th scope=\"col\">Game</th><th scope=\"col\">Job</th>"
                + "<th scope=\"col\">Kind</th><th scope=\"col\">Phase</th><th scope=\"col\">Turn</th>"
                + "<th scope=\"col\">Deadline</th><th scope=\"col\">Outcome</th></tr></thead><tbody>");
    for (GameEntry g : games) {
      DisputeView v = g.view();
      b.append("<tr><td>")
          .append(Html.a("/games/" + v.gameId(), "#" + v.gameId()))
          .append("</td><td>")
          .append(Show.job(g.jobId()))
          .append("</td><td>")
          .append(v.kind())
          .append("</td><td>")
          .append(v.phase())
          .append("</td><td>")
          .append(v.turn())
          .append("</td><td>")
          .append(v.resolved() ? "–" : Show.countdown(v.deadline(), now))
          .append("</td><td>")
          .append(Show.badge(v.outcome().name()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
  }
}
