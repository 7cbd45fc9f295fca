package io.tribunal.explorer.web;

import io.tribunal.explorer.index.GameEntry;
import io.tribunal.explorer.index.JobEntry;
import io.tribunal.explorer.index.Milestone;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /jobs/<id>}: one job, its timeline and the dispute games on it. */
final class JobPage implements Page {
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
    String id = Request.hash(args.get(0), "a job id");
    JobEntry j =
        s.job(id).orElseThrow(() -> HttpProblem.notFound("no job " + id + " on this chain"));
    Tusd tusd = new Tusd(s.network().decimals());
    List<GameEntry> games = s.gamesOf(id);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    json.put("shownStatus", Jobs.shown(j));
    json.put("job", j);
    List<Map<String, Object>> g = new ArrayList<>();
    for (GameEntry e : games) {
      g.add(GameJson.summary(e, s.chainTime()));
    }
    json.put("games", g);
    return new Rendered("Job " + id.substring(0, 10), json, html(s, j, games, tusd));
  }

  private static String html(Snapshot s, JobEntry j, List<GameEntry> games, Tusd tusd) {
    long now = s.chainTime();
    StringBuilder b = new StringBuilder();
    b.append("<h1>Job <code class=\"wrap\">").append(Html.esc(j.id())).append("</code></h1>");
    b.append("<p class=\"status\">").append(Show.badge(Jobs.shown(j)));
    long d = Jobs.nextDeadline(j);
    if (d > 0) {
      b.append(' ')
          .append(Html.esc(Jobs.deadlineName(j)))
          .append(' ')
          .append(Show.countdown(d, now));
    }
    b.append("</p><dl class=\"facts\">");
    fact(b, "User", Show.shortHex(j.user()));
    fact(b, "Submitted by", Show.shortHex(j.relayer()));
    fact(b, "Solver", Show.solver(j.solver()));
    fact(b, "Price", Show.tusd(tusd, j.price()));
    fact(b, "Collateral", Show.tusd(tusd, j.collateral()));
    fact(
        b,
        "Model",
        j.spec().isEmpty()
            ? "unknown (the chain keeps its hash)"
            : "<code>" + Html.esc(j.spec()) + "</code>, batch " + j.batch());
    fact(b, "Model spec hash", Show.shortHex(j.modelSpecHash()));
    fact(b, "Dataset", Show.shortHex(j.datasetRoot()) + " " + Html.esc(j.datasetUri()));
    fact(b, "Steps requested", String.valueOf(j.steps()));
    fact(b, "Claim deadline", Show.time(j.claimDeadline()));
    fact(b, "Commit deadline", Show.time(j.commitDeadline()));
    if (!j.traceRoot().isEmpty()) {
      fact(b, "Trace root", Show.shortHex(j.traceRoot()));
      fact(b, "n, K", j.n() + " steps, a trace leaf every " + j.k() + " steps");
      fact(
          b,
          "Model hash",
          j.status().equals("FINALIZED")
              ? Show.link("/models/", j.modelHash())
              : Show.shortHex(j.modelHash()));
      fact(b, "Challenge window ends", Show.countdown(j.challengeDeadline(), now));
    }
    fact(b, "Attestations", String.valueOf(j.attestations()));
    b.append("</dl><h2>Timeline</h2><ol class=\"timeline\">");
    for (Milestone m : j.timeline()) {
      b.append("<li><strong>")
          .append(Html.esc(m.name()))
          .append("</strong> ")
          .append(Show.time(m.time()))
          .append(" · block ")
          .append(m.block())
          .append(" · tx ")
          .append(Show.shortHex(m.tx()))
          .append("<br><span class=\"detail\">")
          .append(Html.esc(m.detail()))
          .append("</span></li>");
    }
    b.append("</ol><h2>Dispute games</h2>");
    if (games.isEmpty()) {
      b.append("<p>No dispute game on this job.</p>");
    } else {
      GamesPage.table(b, games, now, "Games on this job");
    }
    return b.toString();
  }

  static void fact(StringBuilder b, String name, String valueHtml) {
    b.append("<dt>").append(Html.esc(name)).append("</dt><dd>").append(valueHtml).append("</dd>");
  }
}
