package io.tribunal.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whatever a guarded handler does, the client gets an answer, and failures carry a request id. */
class SafeHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServers.create(new InetSocketAddress("127.0.0.1", 0));
    route(
        "/runtime",
        ex -> {
          throw new IllegalStateException("injected failure");
        });
    route(
        "/arithmetic",
        ex -> {
          throw new ArithmeticException("BigInteger not invertible.");
        });
    route(
        "/io",
        ex -> {
          throw new java.nio.file.NoSuchFileException("/gone/checkpoint.ckpt");
        });
    route(
        "/error",
        ex -> {
          throw new StackOverflowError();
        });
    route("/silent", ex -> {});
    route("/closes-early", ex -> ex.close());
    route(
        "/after-headers",
        ex -> {
          ex.sendResponseHeaders(200, 100);
          ex.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
          throw new IllegalStateException("failed mid-body");
        });
    route("/quote", ex -> JsonReply.error(ex, 400, "bad \"input\"\n\\ here"));
    route("/ok", ex -> JsonReply.json(ex, 200, Map.of("ok", true)));
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void route(String path, HttpHandler h) {
    server.createContext(path, SafeHandler.wrap("test", h));
  }

  @Test
  void anExceptionBeforeAnsweringIsA500WithTheRequestId() throws Exception {
    for (String path : new String[] {"/runtime", "/arithmetic", "/io", "/error"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(500);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("internal_error");
      assertThat(body.path("requestId").asText()).matches("[0-9a-f]{16}");
      assertThat(r.headers().firstValue(SafeHandler.HEADER))
          .hasValue(body.path("requestId").asText());
      assertThat(r.body())
          .as("no internals leak")
          .doesNotContain("injected", "BigInteger", "/gone");
    }
  }

  @Test
  void aHandlerThatNeverAnswersStillGetsItsClientA500() throws Exception {
    for (String path : new String[] {"/silent", "/closes-early"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(500);
      assertThat(JSON.readTree(r.body()).path("requestId").asText()).isNotBlank();
    }
  }

  @Test
  void aFailureAfterTheHeadersCutsTheResponseAndTheServerGoesOn() throws Exception {
    try (Socket s = new Socket("127.0.0.1", base.getPort())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /after-headers HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 200").endsWith("partial"); // short of its length
    }
    assertThat(get("/ok").statusCode()).isEqualTo(200);
  }

  @Test
  void errorMessagesAreEscapedJson() throws Exception {
    HttpResponse<String> r = get("/quote");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("bad \"input\"\n\\ here");
    assertThat(r.headers().firstValue(SafeHandler.HEADER)).isPresent();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
