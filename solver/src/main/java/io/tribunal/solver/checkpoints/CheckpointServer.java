package io.tribunal.solver.checkpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tribunal.node.http.HttpServers;
import io.tribunal.node.http.JsonReply;
import io.tribunal.node.http.RequestBodies;
import io.tribunal.node.http.SafeHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solver's public HTTP server:
 *
 * <ul>
 *   <li>{@code GET /v1/jobs/{jobId}/manifest} — the job's checkpoint manifest (JSON);
 *   <li>{@code GET /v1/jobs/{jobId}/checkpoints/{sha256}.ckpt} — one checkpoint, Range supported;
 *   <li>{@code GET /v1/jobs/{jobId}/model} — the final checkpoint (the trained model);
 *   <li>{@code GET /v1/jobs/{jobId}/steps} — the committed step tree's leaves (JSON), which
 *       verifiers prove their attestations against;
 *   <li>{@code POST /v1/jobs} — relay a user-signed job request (when enabled);
 *   <li>{@code POST /v1/jobs/quote} — would this solver take an unsigned job description, and why
 *       not ({@link JobQuotes}; no side effects).
 * </ul>
 *
 * Files are resolved only through {@link JobFiles}; anything else is 404. Bad requests are a 4xx
 * JSON {@code {"error": "..."}}; anything unexpected is a 500 with a request id ({@link
 * SafeHandler}); the server's timeouts and connection cap are {@link HttpServers}'.
 */
public final class CheckpointServer implements AutoCloseable {
  private static final Pattern ROUTE =
      Pattern.compile("/v1/jobs/([^/]+)/(manifest|model|steps|checkpoints/([^/]+))");

  /** Largest relay body accepted (a signed submission is ~2 KB of JSON). */
  public static final int MAX_BODY = 64 * 1024;

  private final HttpServer server;
  private final JobFiles files;
  private final Optional<Relay> relay;
  private final Optional<JobQuotes> quotes;

  private CheckpointServer(
      HttpServer server, JobFiles files, Optional<Relay> relay, Optional<JobQuotes> quotes) {
    this.server = server;
    this.files = files;
    this.relay = relay;
    this.quotes = quotes;
  }

  public static CheckpointServer start(
      String host, int port, JobFiles files, Optional<Relay> relay) {
    return start(host, port, files, relay, Optional.empty());
  }

  public static CheckpointServer start(
      String host, int port, JobFiles files, Optional<Relay> relay, Optional<JobQuotes> quotes) {
    try {
      // one virtual thread per exchange (HttpServers' executor): a checkpoint download must not
      // hold up paid inference requests sharing this server (the solver daemon serves both)
      HttpServer s = HttpServers.create(new InetSocketAddress(host, port));
      CheckpointServer cs = new CheckpointServer(s, files, relay, quotes);
      s.createContext("/", SafeHandler.wrap("checkpoints", cs::handle));
      s.start();
      return cs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The HTTP server itself, for other APIs to add their paths to (paid inference). */
  public HttpServer httpServer() {
    return server;
  }

  /** Routes one exchange; SafeHandler closes it and answers whatever escapes from here. */
  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (path.equals("/v1/jobs") && ex.getRequestMethod().equals("POST")) {
      relay(ex);
      return;
    }
    if (path.equals("/v1/jobs/quote") && ex.getRequestMethod().equals("POST")) {
      quote(ex);
      return;
    }
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      error(ex, 405, "method not allowed");
      return;
    }
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      error(ex, 404, "not found");
      return;
    }
    String jobId = m.group(1).toLowerCase(java.util.Locale.ROOT);
    Optional<Path> file =
        switch (m.group(2)) {
          case "manifest" -> files.manifest(jobId);
          case "model" -> files.model(jobId);
          case "steps" -> files.steps(jobId);
          default -> files.checkpoint(jobId, m.group(3));
        };
    if (file.isEmpty()) {
      error(ex, 404, "no such file for this job");
      return;
    }
    serve(
        ex,
        file.get(),
        m.group(2).equals("manifest") || m.group(2).equals("steps")
            ? "application/json"
            : "application/octet-stream");
  }

  private void serve(HttpExchange ex, Path file, String type) throws IOException {
    long size = Files.size(file);
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), size);
    } catch (ByteRange.Unsatisfiable e) {
      ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
      error(ex, 416, e.getMessage());
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    if (range.isPresent()) {
      ex.getResponseHeaders()
          .set("Content-Range", "bytes " + start + "-" + range.get().endInclusive() + "/" + size);
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(range.isPresent() ? 206 : 200, head ? -1 : length);
    if (head) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file);
        OutputStream out = ex.getResponseBody()) {
      ch.transferTo(start, length, Channels.newChannel(out));
    }
  }

  private void relay(HttpExchange ex) throws IOException {
    answerPost(
        ex,
        relay.<BodyHandler>map(r -> r::submit),
        "this solver does not relay job submissions",
        202);
  }

  private void quote(HttpExchange ex) throws IOException {
    answerPost(ex, quotes.<BodyHandler>map(q -> q::quote), "this solver does not quote jobs", 200);
  }

  /** A POST endpoint that turns a size-limited JSON body into a JSON reply. */
  @FunctionalInterface
  private interface BodyHandler {
    String handle(byte[] body) throws Relay.Rejected;
  }

  private static void answerPost(
      HttpExchange ex, Optional<BodyHandler> handler, String whenAbsent, int okStatus)
      throws IOException {
    if (handler.isEmpty()) {
      error(ex, 404, whenAbsent);
      return;
    }
    String reply;
    try {
      reply = handler.get().handle(RequestBodies.read(ex, MAX_BODY));
    } catch (RequestBodies.Refused e) {
      error(ex, e.status(), e.getMessage());
      return;
    } catch (Relay.Rejected e) {
      error(ex, e.status(), e.getMessage());
      return;
    }
    JsonReply.send(ex, okStatus, "application/json", reply.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    JsonReply.error(ex, status, message);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
