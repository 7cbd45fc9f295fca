package io.tribunal.explorer.web;

import io.tribunal.explorer.index.Reputation;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.SolverEntry;
import io.tribunal.explorer.index.Tusd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /solvers} and {@code /solvers/<address>}: stake, record, prices and reputation. */
final class SolversPage implements Page {
  @Override
  public Set<String> params() {
    return Set.of();
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    r.allowOnly(params());
    Tusd tusd = new Tusd(s.network().decimals());
    if (args.size() > 1) {
      throw HttpProblem.notFound("no such page");
    }
    if (args.size() == 1) {
      String a = Request.address(args.get(0), "a solver");
      SolverEntry e = s.solver(a).orElseThrow(() -> HttpProblem.notFound("no operator " + a));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("head", s.head());
      json.put("solver", e);
      json.put("reputationDefinition", Reputation.DEFINITION);
      StringBuilder b =
          new StringBuilder("<h1>Solver <code class=\"wrap\">")
              .append(Html.esc(a))
              .append("</code></h1><dl class=\"facts\">");
      facts(b, e, tusd);
      b.append("</dl><p>")
          .append(Html.a("/jobs?solver=" + a, "Jobs of this solver"))
          .append("</p>");
      return new Rendered("Solver " + a.substring(0, 10), json, b.toString());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("reputationDefinition", Reputation.DEFINITION);
    json.put("solvers", s.solvers());
    StringBuilder b = new StringBuilder("<h1>Solvers and other operators</h1>");
    b.append("<p>Reputation = ").append(Html.esc(Reputation.DEFINITION)).append(".</p>");
    b.append("<div class=\"scroll\"><table><caption>")
        .append(s.solvers().size())
        .append(
            " operator(s)</caption><thead><tr><th scope=\"col\">Operator</th>"
                + "<th scope=\"col\">Roles</th><th scope=\"col\">Stake</th><th scope=\"col\">Free</th>"
                + "<th scope=\"col\">Jobs done</th><th scope=\"col\">Disputes won / lost</th>"
                + "<th scope=\"col\">Slashes</th><th scope=\"col\">Reputation</th></tr></thead><tbody>");
    for (SolverEntry e : s.solvers()) {
      b.append("<tr><td>")
          .append(Show.solver(e.address()))
          .append("</td><td>")
          .append(Html.esc(roles(e.roles())))
          .append("</td><td>")
          .append(Show.tusd(tusd, e.active()))
          .append("</td><td>")
          .append(Show.tusd(tusd, e.free()))
          .append("</td><td>")
          .append(e.jobsFinalized())
          .append("</td><td>")
          .append(e.disputesWon())
          .append(" / ")
          .append(e.disputesLost())
          .append("</td><td>")
          .append(e.slashes())
          .append("</td><td>")
          .append(reputation(e))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    return new Rendered("Solvers", json, b.toString());
  }

  private static void facts(StringBuilder b, SolverEntry e, Tusd tusd) {
    JobPage.fact(b, "Roles", Html.esc(roles(e.roles())));
    JobPage.fact(
        b,
        "Endpoint",
        e.endpoint().isEmpty() ? "none published" : "<code>" + Html.esc(e.endpoint()) + "</code>");
    JobPage.fact(b, "Price per training step", Show.tusd(tusd, e.pricePerStep()));
    JobPage.fact(b, "Price per inference unit", Show.tusd(tusd, e.pricePerInferenceUnit()));
    JobPage.fact(b, "Active stake", Show.tusd(tusd, e.active()));
    JobPage.fact(b, "Locked as collateral", Show.tusd(tusd, e.locked()));
    JobPage.fact(b, "Free collateral", Show.tusd(tusd, e.free()));
    JobPage.fact(b, "Unbonding", Show.tusd(tusd, e.unbonding()));
    JobPage.fact(b, "Jobs claimed", String.valueOf(e.jobsClaimed()));
    JobPage.fact(b, "Jobs done (finalized)", String.valueOf(e.jobsFinalized()));
    JobPage.fact(b, "Jobs proven wrong", String.valueOf(e.jobsCheated()));
    JobPage.fact(b, "Jobs refunded", String.valueOf(e.jobsRefunded()));
    JobPage.fact(b, "Disputes won / lost", e.disputesWon() + " / " + e.disputesLost());
    JobPage.fact(
        b,
        "Slashes",
        "<span id=\"slashes\">"
            + e.slashes()
            + "</span>, "
            + Show.tusd(tusd, e.slashed())
            + " slashed");
    JobPage.fact(
        b,
        "Reputation",
        reputation(e) + " <small>(" + Html.esc(Reputation.DEFINITION) + ")</small>");
  }

  static String roles(int bits) {
    List<String> r = new ArrayList<>();
    if ((bits & 1) != 0) {
      r.add("solver");
    }
    if ((bits & 2) != 0) {
      r.add("verifier");
    }
    if ((bits & 4) != 0) {
      r.add("challenger");
    }
    return r.isEmpty() ? "none" : String.join(", ", r);
  }

  private static String reputation(SolverEntry e) {
    return e.reputation() < 0 ? "n/a" : Math.round(e.reputation() * 100) + "%";
  }
}
