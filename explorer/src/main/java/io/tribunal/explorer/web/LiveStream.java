package io.tribunal.explorer.web;

import com.sun.net.httpserver.HttpExchange;
import io.tribunal.explorer.index.LiveSnapshot;
import io.tribunal.explorer.index.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /events}: server-sent events, one {@code block} event ({@code
 * {"head":N,"chainTime":T}}) as soon as a snapshot past the last one sent is published, a comment
 * every 15 s to keep proxies from closing the stream, and an end after 4 minutes (inside the
 * server's 5-minute response limit; the browser's EventSource reconnects by itself after the {@code
 * retry} delay).
 */
final class LiveStream {
  static final long KEEPALIVE_MS = 15_000;
  static final long MAX_STREAM_MS = 240_000;

  private final LiveSnapshot live;

  LiveStream(LiveSnapshot live) {
    this.live = live;
  }

  void serve(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    long end = System.currentTimeMillis() + MAX_STREAM_MS;
    long last = live.get().head();
    write(out, "retry: 1000\n\n");
    try {
      while (System.currentTimeMillis() < end) {
        Snapshot s = live.awaitAfter(last, KEEPALIVE_MS);
        if (s.head() > last) {
          last = s.head();
          write(
              out,
              "event: block\ndata: {\"head\":"
                  + s.head()
                  + ",\"chainTime\":"
                  + s.chainTime()
                  + "}\n\n");
        } else {
          write(out, ": keepalive\n\n");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.close();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
