package io.tribunal.explorer.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Previous/next links of a list page, keeping its filters. */
final class Pager {
  private Pager() {}

  static void append(
      StringBuilder b, String path, Map<String, String> filters, int page, int total, int size) {
    int pages = Math.max(1, (total + size - 1) / size);
    b.append("<nav class=\"pager\" aria-label=\"pages\">");
    if (page > 1) {
      b.append(Html.a(href(path, filters, page - 1), "← newer"));
    }
    b.append(" <span>page ").append(page).append(" of ").append(pages).append("</span> ");
    if (page < pages) {
      b.append(Html.a(href(path, filters, page + 1), "older →"));
    }
    b.append("</nav>");
  }

  private static String href(String path, Map<String, String> filters, int page) {
    StringBuilder q = new StringBuilder(path).append("?page=").append(page);
    filters.forEach(
        (k, v) ->
            q.append('&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }
}
