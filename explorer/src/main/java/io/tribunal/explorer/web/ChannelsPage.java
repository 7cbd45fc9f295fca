package io.tribunal.explorer.web;

import io.tribunal.explorer.index.ChannelEntry;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /channels}: payment channels, newest first; {@code ?status=open|closing|closed}. */
final class ChannelsPage implements Page {
  static final int PAGE_SIZE = 50;

  @Override
  public Set<String> params() {
    return Set.of("status", "page");
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (!args.isEmpty()) {
      throw HttpProblem.notFound("no such page (channels are listed on /channels)");
    }
    String status = r.param("status").orElse("").toUpperCase(Locale.ROOT);
    if (!status.isEmpty() && !List.of("OPEN", "CLOSING", "CLOSED").contains(status)) {
      throw HttpProblem.badRequest("status must be open, closing or closed");
    }
    List<ChannelEntry> matching = new ArrayList<>();
    for (ChannelEntry c : s.channels()) {
      if (status.isEmpty() || c.status().equals(status)) {
        matching.add(c);
      }
    }
    int page = r.page();
    int from = Math.min(matching.size(), (page - 1) * PAGE_SIZE);
    List<ChannelEntry> shown = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
    Tusd tusd = new Tusd(s.network().decimals());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    json.put("total", matching.size());
    json.put("page", page);
    json.put("pageSize", PAGE_SIZE);
    json.put("channels", shown);
    StringBuilder b = new StringBuilder("<h1>Payment channels</h1><p>");
    b.append(Html.a("/channels", "all"));
    for (String st : List.of("open", "closing", "closed")) {
      b.append(" · ").append(Html.a("/channels?status=" + st, st));
    }
    b.append("</p><div class=\"scroll\"><table><caption>")
        .append(matching.size())
        .append(
            " channel(s)</caption><thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">Payer</th>"
                + "<th scope=\"col\">Payee</th><th scope=\"col\">Status</th><th scope=\"col\">Deposit</th>"
                + "<th scope=\"col\">Claimed</th><th scope=\"col\">Expiry</th></tr></thead><tbody>");
    for (ChannelEntry c : shown) {
      b.append("<tr><td>")
          .append(Show.shortHex(c.id()))
          .append("</td><td>")
          .append(Show.shortHex(c.payer()))
          .append("</td><td>")
          .append(Show.solver(c.payee()))
          .append("</td><td>")
          .append(Show.badge(c.status()))
          .append("</td><td>")
          .append(Show.tusd(tusd, c.deposit()))
          .append("</td><td>")
          .append(Show.tusd(tusd, c.claimed()))
          .append("</td><td>")
          .append(c.status().equals("CLOSED") ? "–" : Show.countdown(c.expiry(), s.chainTime()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    Pager.append(
        b,
        "/channels",
        status.isEmpty() ? Map.of() : Map.of("status", status.toLowerCase(Locale.ROOT)),
        page,
        matching.size(),
        PAGE_SIZE);
    return new Rendered("Channels", json, b.toString());
  }
}
