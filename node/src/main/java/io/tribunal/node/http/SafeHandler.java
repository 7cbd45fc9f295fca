package io.tribunal.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a handler so that no client is ever left with an empty reply: every exchange gets a request
 * id (header {@code X-Request-Id}); anything the handler throws before it answered becomes a 500
 * {@code {"error":"internal_error","message":...,"requestId":...}}, logged once with its stack
 * trace under that id; a handler that returns without answering is treated the same way; and the
 * exchange is closed only here, after the answer, never before it (the handler sees a {@link
 * GuardedExchange}, whose early close is ignored).
 */
public final class SafeHandler implements HttpHandler {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = SafeHandler.class.getName() + ".requestId";
  private static final Logger LOG = LoggerFactory.getLogger(SafeHandler.class);

  private final String server;
  private final HttpHandler inner;

  private SafeHandler(String server, HttpHandler inner) {
    this.server = server;
    this.inner = inner;
  }

  /** {@code inner} guarded; {@code server} names it in log lines. */
  public static HttpHandler wrap(String server, HttpHandler inner) {
    return new SafeHandler(server, inner);
  }

  /** The id of an exchange that passed through a SafeHandler, for the handler's own log lines. */
  public static String requestId(HttpExchange ex) {
    return String.valueOf(ex.getAttribute(ATTRIBUTE));
  }

  @Override
  public void handle(HttpExchange ex) {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    ex.setAttribute(ATTRIBUTE, id);
    ex.getResponseHeaders().set(HEADER, id);
    try {
      inner.handle(new GuardedExchange(ex));
      if (ex.getResponseCode() == -1) {
        throw new IllegalStateException("the handler returned without answering");
      }
    } catch (Throwable t) { // whatever it is, the client still gets an answer (or a closed socket)
      fail(ex, id, t);
    } finally {
      ex.close();
    }
  }

  private void fail(HttpExchange ex, String id, Throwable t) {
    boolean answered = false;
    if (ex.getResponseCode() != -1) {
      // too late for a 500: let the client at least see the status and a body short of its length
      try {
        ex.getResponseBody().flush();
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
    } else {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "internal_error");
      body.put("message", "unexpected server error; the server log has it under this request id");
      body.put("requestId", id);
      try {
        JsonReply.json(ex, 500, body);
        answered = true;
      } catch (IOException | RuntimeException e) {
        t.addSuppressed(e);
      }
    }
    String what = ex.getRequestMethod() + " " + shorten(ex.getRequestURI().getRawPath());
    if (t instanceof IOException && !answered) {
      // the client went away (reset, or stopped reading): nothing to answer, nothing to fix
      LOG.debug("{}: {} lost its client (request id {}): {}", server, what, id, t.toString());
    } else {
      LOG.error("{}: {} failed (request id {})", server, what, id, t);
    }
  }

  // request paths come from strangers: keep one log line one line and short
  private static String shorten(String path) {
    String p = path == null ? "" : path.replaceAll("[\\p{Cntrl}]", "?");
    return p.length() <= 200 ? p : p.substring(0, 200) + "…";
  }
}
