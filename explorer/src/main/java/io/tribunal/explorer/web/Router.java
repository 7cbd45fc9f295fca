package io.tribunal.explorer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tribunal.explorer.index.LiveSnapshot;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.node.http.JsonReply;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request: GET or HEAD only (the explorer changes nothing), the path parsed strictly, the
 * page rendered from the latest snapshot as HTML, as its main content only (for the live script),
 * or under {@code /api/} as JSON. Unknown ids are 404s and malformed input 400s, with a short page
 * saying why, never a stack trace.
 */
final class Router implements HttpHandler {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(BigInteger.class, ToStringSerializer.instance));
  static final String FRAGMENT_HEADER = "X-Explorer-Fragment";

  private final LiveSnapshot live;
  private final LiveStream stream;
  private final Map<String, Page> pages = new LinkedHashMap<>();

  Router(LiveSnapshot live) {
    this.live = live;
    this.stream = new LiveStream(live);
    pages.put("jobs", new JobsPage());
    pages.put("games", new GamesPage());
    pages.put("solvers", new SolversPage());
    pages.put("models", new ModelsPage());
    pages.put("channels", new ChannelsPage());
    pages.put("network", new NetworkPage());
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // everything a page uses comes from this server: no CDN, no inline script, no framing
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    String method = ex.getRequestMethod();
    boolean api =
        ex.getRequestURI().getRawPath() != null
            && ex.getRequestURI().getRawPath().startsWith("/api");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      problem(ex, api, new HttpProblem(405, "the explorer is read-only: only GET and HEAD"));
      return;
    }
    Request r;
    try {
      r =
          Request.parse(
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders().containsKey(FRAGMENT_HEADER));
    } catch (HttpProblem p) {
      problem(ex, api, p);
      return;
    }
    List<String> seg = r.segments();
    if (!r.api() && seg.size() == 2 && seg.get(0).equals("static")) {
      StaticFiles.send(ex, seg.get(1));
      return;
    }
    if (!r.api() && seg.size() == 1 && seg.get(0).equals("events") && r.query().isEmpty()) {
      stream.serve(ex);
      return;
    }
    Snapshot s = live.get();
    long started = System.nanoTime();
    try {
      String name = seg.isEmpty() ? "jobs" : seg.get(0);
      Page page = pages.get(name);
      if (page == null) {
        throw HttpProblem.notFound(
            "no such page: the explorer has " + String.join(", ", pages.keySet()));
      }
      r.allowOnly(page.params());
      Rendered out = page.render(s, r, seg.isEmpty() ? List.of() : seg.subList(1, seg.size()));
      byte[] body;
      String type;
      if (r.api()) {
        body = JSON.writeValueAsBytes(out.json());
        type = "application/json";
      } else {
        String html =
            r.fragment()
                ? Layout.main(s, out.html())
                : Layout.page(s, name, out.title(), out.html(), apiPath(ex));
        body = html.getBytes(StandardCharsets.UTF_8);
        type = "text/html; charset=utf-8";
      }
      // how long the page took to render: for operators, browsers' dev tools and the benchmark
      ex.getResponseHeaders()
          .set(
              "Server-Timing",
              String.format(
                  java.util.Locale.ROOT, "render;dur=%.2f", (System.nanoTime() - started) / 1e6));
      JsonReply.send(ex, 200, type, body);
    } catch (HttpProblem p) {
      problem(ex, r.api(), p);
    }
  }

  private static String apiPath(HttpExchange ex) {
    String q = ex.getRequestURI().getRawQuery();
    String p = ex.getRequestURI().getRawPath();
    return "/api" + (p.equals("/") ? "/jobs" : p) + (q == null ? "" : "?" + q);
  }

  private void problem(HttpExchange ex, boolean api, HttpProblem p) throws IOException {
    if (api) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(
          "error",
          p.status == 404 ? "not_found" : p.status == 405 ? "method_not_allowed" : "bad_request");
      body.put("message", p.getMessage());
      JsonReply.json(ex, p.status, body);
      return;
    }
    String content =
        "<h1>"
            + p.status
            + " · "
            + (p.status == 404
                ? "Not found"
                : p.status == 405 ? "Method not allowed" : "Bad request")
            + "</h1><p class=\"error\">"
            + Html.esc(p.getMessage())
            + "</p><p>"
            + Html.a("/jobs", "Back to the jobs")
            + "</p>";
    String html = Layout.page(live.get(), "", "Error " + p.status, content, "/api/jobs");
    JsonReply.send(ex, p.status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }
}
