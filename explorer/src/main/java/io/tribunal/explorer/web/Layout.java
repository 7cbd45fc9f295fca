package io.tribunal.explorer.web;

import io.tribunal.explorer.index.Snapshot;
import java.util.List;

/** The page around every page's content: navigation, block height, live script, JSON link. */
final class Layout {
  static final List<String[]> NAV =
      List.of(
          new String[] {"jobs", "Jobs"},
          new String[] {"games", "Disputes"},
          new String[] {"solvers", "Solvers"},
          new String[] {"models", "Models"},
          new String[] {"channels", "Channels"},
          new String[] {"network", "Network"});

  private Layout() {}

  /** The main element's content with the chain time the countdowns start from. */
  static String main(Snapshot s, String content) {
    return "<div id=\"clock\" hidden data-chain-time=\""
        + s.chainTime()
        + "\" data-head=\""
        + s.head()
        + "\"></div>"
        + content;
  }

  static String page(Snapshot s, String section, String title, String content, String apiPath) {
    StringBuilder b = new StringBuilder(content.length() + 2_048);
    b.append(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(Html.esc(title))
        .append(
            " · Tribunal explorer</title>"
                + "<link rel=\"stylesheet\" href=\"/static/explorer.css\"></head><body>"
                + "<a class=\"skip\" href=\"#main\">Skip to content</a><header>"
                + "<a class=\"brand\" href=\"/\">Tribunal explorer</a><nav aria-label=\"Sections\"><ul>");
    for (String[] n : NAV) {
      b.append("<li><a href=\"/")
          .append(n[0])
          .append('"')
          .append(n[0].equals(section) ? " aria-current=\"page\"" : "")
          .append('>')
          .append(n[1])
          .append("</a></li>");
    }
    b.append("</ul></nav><p class=\"head\">block <span id=\"head\">")
        .append(s.head())
        .append(
            "</span> <span id=\"live\" role=\"status\" aria-live=\"polite\"></span></p></header>"
                + "<main id=\"main\" tabindex=\"-1\">")
        .append(main(s, content))
        .append(
            "</main><footer><p>Read-only: this explorer holds no key and sends nothing. "
                + "This page as JSON: ")
        .append(Html.a(apiPath, apiPath))
        .append("</p></footer><script src=\"/static/live.js\" defer></script></body></html>");
    return b.toString();
  }
}
