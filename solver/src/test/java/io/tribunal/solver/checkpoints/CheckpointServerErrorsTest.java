package io.tribunal.solver.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.node.http.SafeHandler;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/jobs with a bad signature is a 400 naming the broken rule (r = n used to be an empty
 * reply: "BigInteger not invertible"); an exception inside the relay or the file lookup is a 500
 * whose JSON body and X-Request-Id header carry the same request id.
 */
class CheckpointServerErrorsTest {
  private static final RelayFixture RELAY = RelayFixture.OFFLINE;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger N = EcdsaSignature.N;
  private static final String JOB = "0x" + "11".repeat(32);

  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void badRelaySignaturesAre400sNamingTheRule() throws Exception {
    try (CheckpointServer server = start(RELAY.validatingRelay(), id -> true)) {
      URI jobs = URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs");
      JobRequest r = RELAY.request(7);
      EcdsaSignature good = RELAY.sign(r);
      BigInteger gr = new BigInteger(1, good.r());
      BigInteger gs = new BigInteger(1, good.s());
      int v = good.v();

      HttpResponse<String> ok = post(jobs, RELAY.withSignature(r, good.toHex()));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);

      assertRefused(post(jobs, sig(r, N, gs, v)), "signature r is not in [1, n-1]");
      assertRefused(post(jobs, sig(r, BigInteger.ZERO, gs, v)), "signature r is not in [1, n-1]");
      assertRefused(post(jobs, sig(r, gr, BigInteger.ZERO, v)), "signature s is not in [1, n-1]");
      // the malleable twin recovers the same user: only the low-S rule refuses it
      assertRefused(post(jobs, sig(r, gr, N.subtract(gs), 55 - v)), "high-S");
      assertRefused(post(jobs, sig(r, gr, gs, 29)), "signature v must be 27 or 28, got 29");
      assertRefused(post(jobs, RELAY.withSignature(r, "0x1234")), "130 hex digits (65 bytes");
    }
  }

  @Test
  void anExceptionInTheRelayIsA500WithARequestId() throws Exception {
    Relay broken =
        body -> {
          throw new ArithmeticException("BigInteger not invertible.");
        };
    try (CheckpointServer server = start(broken, id -> true)) {
      URI jobs = URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs");
      assertInternalError(post(jobs, RELAY.body(1)));
    }
  }

  @Test
  void anExceptionInTheCheckpointLookupIsA500WithARequestId() throws Exception {
    try (CheckpointServer server =
        start(
            RELAY.validatingRelay(),
            id -> {
              throw new IllegalStateException("injected: the job table is unreadable");
            })) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      for (String path :
          new String[] {"manifest", "model", "checkpoints/" + "ab".repeat(32) + ".ckpt"}) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(base.resolve("/v1/jobs/" + JOB + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertInternalError(r);
      }
    }
  }

  @Test
  void withoutARelayPostIsA404AndOtherMethodsA405() throws Exception {
    try (CheckpointServer server =
        CheckpointServer.start("127.0.0.1", 0, new JobFiles(dir, id -> true), Optional.empty())) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> r = post(base.resolve("/v1/jobs"), RELAY.body(1));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(r.body()).path("error").asText()).contains("does not relay");
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(base.resolve("/v1/jobs/" + JOB + "/manifest"))
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(405);
      assertThat(JSON.readTree(put.body()).path("error").asText()).isEqualTo("method not allowed");
    }
  }

  private CheckpointServer start(Relay relay, java.util.function.Predicate<String> servable) {
    return CheckpointServer.start("127.0.0.1", 0, new JobFiles(dir, servable), Optional.of(relay));
  }

  private static byte[] sig(JobRequest r, BigInteger rr, BigInteger ss, int v) {
    return RELAY.withSignature(r, RelayFixture.rsv(rr, ss, v));
  }

  private HttpResponse<String> post(URI uri, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> r, String reason) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").asText()).contains(reason);
  }

  static void assertInternalError(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error").asText()).isEqualTo("internal_error");
    assertThat(body.path("requestId").asText()).matches("[0-9a-f]{16}");
    assertThat(r.headers().firstValue(SafeHandler.HEADER))
        .hasValue(body.path("requestId").asText());
    assertThat(r.body()).doesNotContain("injected", "BigInteger");
  }
}
