package io.tribunal.explorer.web;

import io.tribunal.explorer.index.ModelEntry;
import io.tribunal.explorer.index.Offer;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /models} and {@code /models/<hash>}: finalized models, their cards and their sellers. */
final class ModelsPage implements Page {
  static final int PAGE_SIZE = 50;

  @Override
  public Set<String> params() {
    return Set.of("page");
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (!args.isEmpty()) {
      r.allowOnly(Set.of());
    }
    Tusd tusd = new Tusd(s.network().decimals());
    if (args.size() > 1) {
      throw HttpProblem.notFound("no such page");
    }
    if (args.size() == 1) {
      String h = Request.hash(args.get(0), "a model hash");
      ModelEntry m = s.model(h).orElseThrow(() -> HttpProblem.notFound("no finalized model " + h));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("head", s.head());
      json.put("model", m);
      StringBuilder b =
          new StringBuilder("<h1>Model <code class=\"wrap\">")
              .append(Html.esc(h))
              .append(
                  "</code></h1><section class=\"card\" aria-labelledby=\"card\"><h2 id=\"card\">Model card</h2><dl class=\"facts\">");
      JobPage.fact(
          b,
          "Spec",
          m.spec().isEmpty()
              ? "unknown: neither its submission nor a server names it (spec hash "
                  + Show.shortHex(m.modelSpecHash())
                  + ")"
              : "<code id=\"spec\">" + Html.esc(m.spec()) + "</code>");
      JobPage.fact(b, "Model spec hash", Show.shortHex(m.modelSpecHash()));
      JobPage.fact(b, "Batch", m.batch() > 0 ? String.valueOf(m.batch()) : "unknown");
      JobPage.fact(b, "Dataset root", Show.shortHex(m.datasetRoot()));
      JobPage.fact(b, "Dataset", Html.esc(m.datasetUri()));
      JobPage.fact(b, "Training steps", String.valueOf(m.steps()));
      JobPage.fact(
          b,
          "Held-out figure",
          m.heldOut().isEmpty()
              ? "not published (the chain does not hold it; <code>tribunal job result</code>"
                  + " measures it)"
              : Html.esc(m.heldOut())
                  + " held-out samples right, as the solver's manifest reports it"
                  + " (<code>tribunal job result</code> remeasures it)");
      JobPage.fact(b, "Trained by job", Show.job(m.jobId()));
      JobPage.fact(b, "Solver", Show.solver(m.solver()));
      JobPage.fact(b, "Finalized", Show.time(m.finalizedTime()));
      b.append("</dl></section><h2>On sale</h2>");
      offers(b, m.offers(), tusd);
      return new Rendered("Model " + h.substring(0, 10), json, b.toString());
    }
    int page = r.page();
    List<ModelEntry> all = s.models();
    int from = Math.min(all.size(), (page - 1) * PAGE_SIZE);
    List<ModelEntry> shown = all.subList(from, Math.min(all.size(), from + PAGE_SIZE));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("total", all.size());
    json.put("page", page);
    json.put("pageSize", PAGE_SIZE);
    json.put("models", shown);
    StringBuilder b =
        new StringBuilder("<h1>Models</h1><p>Every model the chain finalized, newest first.</p>");
    b.append("<div class=\"scroll\"><table><caption>")
        .append(all.size())
        .append(
            " model(s)</caption><thead><tr><th scope=\"col\">Model hash</th><th scope=\"col\">Spec</th>"
                + "<th scope=\"col\">Job</th><th scope=\"col\">Servers</th><th scope=\"col\">Lowest price</th>"
                + "</tr></thead><tbody>");
    for (ModelEntry m : shown) {
      b.append("<tr><td>")
          .append(Show.link("/models/", m.modelHash()))
          .append("</td><td>")
          .append(
              m.spec().isEmpty()
                  ? "<span class=\"none\">–</span>"
                  : "<code>" + Html.esc(m.spec()) + "</code>")
          .append("</td><td>")
          .append(Show.job(m.jobId()))
          .append("</td><td>")
          .append(m.offers().size())
          .append("</td><td>")
          .append(
              m.offers().stream()
                  .map(Offer::price)
                  .min(java.math.BigInteger::compareTo)
                  .map(p -> Show.tusd(tusd, p))
                  .orElse("–"))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    Pager.append(b, "/models", Map.of(), page, all.size(), PAGE_SIZE);
    return new Rendered("Models", json, b.toString());
  }

  private static void offers(StringBuilder b, List<Offer> offers, Tusd tusd) {
    if (offers.isEmpty()) {
      b.append("<p>No reachable server sells inference on this model now.</p>");
      return;
    }
    b.append(
        "<div class=\"scroll\"><table id=\"offers\"><caption>Servers selling inference</caption><thead><tr>"
            + "<th scope=\"col\">Solver</th><th scope=\"col\">Server</th><th scope=\"col\">Payee</th>"
            + "<th scope=\"col\">Price per request</th><th scope=\"col\">Ops per request</th></tr></thead><tbody>");
    for (Offer o : offers) {
      b.append("<tr><td>")
          .append(Show.solver(o.solver()))
          .append("</td><td><code>")
          .append(Html.esc(o.server()))
          .append("</code></td><td>")
          .append(Show.shortHex(o.payee()))
          .append("</td><td class=\"price\">")
          .append(Show.tusd(tusd, o.price()))
          .append("</td><td>")
          .append(o.ops())
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
  }
}
