package io.tribunal.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A solver's quote answer becomes accept or refuse with its reason; a solver that is down or serves
 * no quote is "unreachable", never an exception that would end the whole quote.
 */
class SolverQuotesTest {
  private final SolverQuotes quotes = new SolverQuotes();

  private static HttpServer answering(int status, String body) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/v1/jobs/quote",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    return s;
  }

  private static URI at(HttpServer s) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/");
  }

  @Test
  void acceptAndRefuseCarryTheSolversReason() throws Exception {
    HttpServer yes = answering(200, "{\"accept\":true,\"model\":\"mlp:784-16-10\"}");
    HttpServer no = answering(200, "{\"accept\":false,\"reason\":\"price 5 below minPrice\"}");
    HttpServer invalid = answering(400, "{\"error\":\"model (the canonical spec) is required\"}");
    try {
      assertThat(quotes.ask("0xa", at(yes), "{}").verdict()).isEqualTo("accept");
      SolverQuotes.Answer r = quotes.ask("0xb", at(no), "{}");
      assertThat(r.verdict()).isEqualTo("refuse");
      assertThat(r.reason()).isEqualTo("price 5 below minPrice");
      assertThat(quotes.ask("0xc", at(invalid), "{}").reason()).contains("canonical spec");
    } finally {
      yes.stop(0);
      no.stop(0);
      invalid.stop(0);
    }
  }

  @Test
  void aSolverThatIsDownOrDoesNotQuoteIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SolverQuotes.Answer down = quotes.ask("0xd", URI.create("http://127.0.0.1:" + closed), "{}");
    assertThat(down.verdict()).isEqualTo("unreachable");
    assertThat(down.endpoint()).isEqualTo("http://127.0.0.1:" + closed);

    HttpServer old = answering(404, "{\"error\":\"not found\"}");
    HttpServer html = answering(200, "<html>hello</html>");
    try {
      SolverQuotes.Answer r = quotes.ask("0xe", at(old), "{}");
      assertThat(r.verdict()).isEqualTo("unreachable");
      assertThat(r.reason()).isEqualTo("HTTP 404: not found");
      assertThat(quotes.ask("0xf", at(html), "{}").verdict()).isEqualTo("unreachable");
    } finally {
      old.stop(0);
      html.stop(0);
    }
  }
}
