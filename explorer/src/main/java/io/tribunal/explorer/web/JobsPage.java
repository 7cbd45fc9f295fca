package io.tribunal.explorer.web;

import io.tribunal.explorer.index.JobEntry;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /jobs}: every job, newest first, filtered on status, user, solver and model. */
final class JobsPage implements Page {
  static final int PAGE_SIZE = 50;
  static final List<String> STATUSES =
      List.of("open", "claimed", "committed", "disputed", "finalized", "refunded", "cheated");

  @Override
  public Set<String> params() {
    return Set.of("status", "user", "solver", "model", "page");
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (!args.isEmpty()) {
      return new JobPage().render(s, r, args);
    }
    Map<String, String> filters = new LinkedHashMap<>();
    Predicate<JobEntry> keep = j -> true;
    if (r.param("status").isPresent()) {
      String st = r.param("status").get().toLowerCase(Locale.ROOT);
      if (!STATUSES.contains(st)) {
        throw HttpProblem.badRequest("status must be one of " + String.join(", ", STATUSES));
      }
      filters.put("status", st);
      String up = st.toUpperCase(Locale.ROOT);
      keep = keep.and(j -> Jobs.shown(j).equals(up));
    }
    if (r.param("user").isPresent()) {
      String u = Request.address(r.param("user").get(), "user");
      filters.put("user", u);
      keep = keep.and(j -> j.user().equals(u));
    }
    if (r.param("solver").isPresent()) {
      String v = Request.address(r.param("solver").get(), "solver");
      filters.put("solver", v);
      keep = keep.and(j -> j.solver().equals(v));
    }
    if (r.param("model").isPresent()) {
      String given = r.param("model").get();
      if (given.matches("[a-z]{1,16}:[0-9a-z-]{1,200}")) { // a spec, as submissions reveal it
        filters.put("model", given);
        keep = keep.and(j -> j.spec().equals(given));
      } else {
        String m =
            Request.hash(given, "model (a spec like mlp:784-16-10, a model hash or a spec hash)");
        filters.put("model", m);
        keep = keep.and(j -> j.modelHash().equals(m) || j.modelSpecHash().equals(m));
      }
    }
    int page = r.page();
    List<JobEntry> matching = new ArrayList<>();
    for (JobEntry j : s.jobs()) {
      if (keep.test(j)) {
        matching.add(j);
      }
    }
    int from = Math.min(matching.size(), (page - 1) * PAGE_SIZE);
    List<JobEntry> shown = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    Tusd tusd = new Tusd(s.network().decimals());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    json.put("filters", filters);
    json.put("total", matching.size());
    json.put("page", page);
    json.put("pageSize", PAGE_SIZE);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JobEntry j : shown) {
      rows.add(summary(j, tusd));
    }
    json.put("jobs", rows);
    return new Rendered("Jobs", json, html(s, shown, matching.size(), page, filters, tusd));
  }

  static Map<String, Object> summary(JobEntry j, Tusd tusd) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("status", Jobs.shown(j));
    m.put("user", j.user());
    m.put("solver", j.solver());
    m.put("modelSpecHash", j.modelSpecHash());
    m.put("modelHash", j.modelHash());
    m.put("steps", j.steps());
    m.put("price", j.price().toString());
    m.put("priceTusd", tusd.format(j.price()));
    m.put("openDisputes", j.openDisputes());
    m.put("nextDeadline", Jobs.nextDeadline(j));
    m.put("submittedBlock", j.submittedBlock());
    return m;
  }

  private static String html(
      Snapshot s, List<JobEntry> shown, int total, int page, Map<String, String> f, Tusd tusd) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Jobs</h1>");
    b.append("<form class=\"filters\" method=\"get\" action=\"/jobs\" role=\"search\">");
    b.append("<label>Status <select name=\"status\"><option value=\"\">any</option>");
    for (String st : STATUSES) {
      b.append("<option value=\"")
          .append(st)
          .append('"')
          .append(st.equals(f.get("status")) ? " selected" : "")
          .append('>')
          .append(st)
          .append("</option>");
    }
    b.append("</select></label>");
    input(b, "user", "User", f);
    input(b, "solver", "Solver", f);
    input(b, "model", "Model (spec or hash)", f);
    b.append("<button type=\"submit\">Filter</button></form>");
    b.append("<div class=\"scroll\"><table><caption>")
        .append(total)
        .append(" job(s)")
        .append(f.isEmpty() ? "" : " matching the filters")
        .append(
            ", newest first</caption><thead><tr><th scope=\"col\">Job</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">User</th><th scope=\"col\">Solver</th><th scope=\"col\">Price</th>"
                + "<th scope=\"col\">Steps</th><th scope=\"col\">Next deadline</th></tr></thead><tbody>");
    for (JobEntry j : shown) {
      b.append("<tr><td>")
          .append(Show.job(j.id()))
          .append("</td><td>")
          .append(Show.badge(Jobs.shown(j)))
          .append("</td><td>")
          .append(Show.shortHex(j.user()))
          .append("</td><td>")
          .append(Show.solver(j.solver()))
          .append("</td><td>")
          .append(Show.tusd(tusd, j.price()))
          .append("</td><td>")
          .append(j.steps())
          .append("</td><td>");
      long d = Jobs.nextDeadline(j);
      if (d > 0) {
        b.append(Html.esc(Jobs.deadlineName(j)))
            .append(' ')
            .append(Show.countdown(d, s.chainTime()));
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    Pager.append(b, "/jobs", f, page, total, PAGE_SIZE);
    return b.toString();
  }

  private static void input(StringBuilder b, String name, String label, Map<String, String> f) {
    b.append("<label>")
        .append(label)
        .append(" <input name=\"")
        .append(name)
        .append("\" placeholder=\"0x…\" size=\"20\" value=\"")
        .append(Html.esc(f.getOrDefault(name, "")))
        .append("\"></label>");
  }
}
