package io.tribunal.solver.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.solver.daemon.JobData;
import io.tribunal.solver.daemon.QuoteService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/jobs/quote}: an unsigned job description is answered 200 with the claim policy's
 * verdict and reason; a body that is not JSON is a 400, one over the size limit a 413, a
 * description that breaks the relay's own checks a 400 naming the rule, and the policy is never
 * asked about a body it could not judge.
 */
class QuoteEndpointTest {
  private static final RelayFixture RELAY = RelayFixture.OFFLINE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<JobData> asked = new ArrayList<>();
  @TempDir Path dir;

  @Test
  void answersThePolicysVerdictWithItsReason() throws Exception {
    try (CheckpointServer server = start(d -> Optional.empty())) {
      HttpResponse<String> r = post(server, description(7));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode a = JSON.readTree(r.body());
      assertThat(a.path("accept").asBoolean()).isTrue();
      assertThat(a.path("model").asText()).isEqualTo("mlp:784-16-10");
      assertThat(a.has("reason")).isFalse();
      assertThat(asked).hasSize(1);
      assertThat(asked.get(0).request().nonce()).isEqualTo("7");
    }
    asked.clear();
    try (CheckpointServer server = start(d -> Optional.of("price 25000000 below minPrice"))) {
      HttpResponse<String> r = post(server, description(8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode a = JSON.readTree(r.body());
      assertThat(a.path("accept").asBoolean()).isFalse();
      assertThat(a.path("reason").asText()).isEqualTo("price 25000000 below minPrice");
    }
  }

  @Test
  void malformedJsonIs400AndAnOversizeBody413AndThePolicyIsNotAsked() throws Exception {
    try (CheckpointServer server = start(d -> Optional.empty())) {
      HttpResponse<String> bad = post(server, "{\"chainId\": 31337, \"request\": {".getBytes());
      assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
      assertThat(error(bad)).startsWith("malformed JSON");

      HttpResponse<String> notObject = post(server, "[1, 2]".getBytes());
      assertThat(notObject.statusCode()).as(notObject.body()).isEqualTo(400);

      byte[] huge = new byte[CheckpointServer.MAX_BODY + 1];
      java.util.Arrays.fill(huge, (byte) ' ');
      HttpResponse<String> big = post(server, huge);
      assertThat(big.statusCode()).as(big.body()).isEqualTo(413);

      SignedSubmission other =
          new SignedSubmission(
              1L,
              RELAY.market,
              SignedSubmission.Request.of(RELAY.request(9)),
              null,
              null,
              new SignedSubmission.Hyper(
                  RelayFixture.HP.batch(), RelayFixture.HP.eta(), RelayFixture.HP.datasetSize()),
              "mlp:784-16-10");
      HttpResponse<String> wrongChain = post(server, other.toJson().getBytes());
      assertThat(wrongChain.statusCode()).isEqualTo(400);
      assertThat(error(wrongChain)).contains("described for chain 1, this solver is on chain");

      SignedSubmission noModel = withModel(RELAY.request(10), null);
      HttpResponse<String> missing = post(server, noModel.toJson().getBytes());
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(error(missing)).contains("model (the canonical spec");

      assertThat(asked).isEmpty();
    }
  }

  @Test
  void withoutAQuoterTheEndpointIs404() throws Exception {
    try (CheckpointServer server =
        CheckpointServer.start("127.0.0.1", 0, new JobFiles(dir, id -> true), Optional.empty())) {
      HttpResponse<String> r = post(server, description(1));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(error(r)).contains("does not quote");
    }
  }

  private CheckpointServer start(Function<JobData, Optional<String>> policy) {
    QuoteService quotes =
        new QuoteService(
            RELAY.chain,
            RELAY.market,
            d -> {
              asked.add(d);
              return policy.apply(d);
            });
    return CheckpointServer.start(
        "127.0.0.1", 0, new JobFiles(dir, id -> true), Optional.empty(), Optional.of(quotes));
  }

  /** The relay body of a request, unsigned and without a permit. */
  private static byte[] description(long nonce) {
    return withModel(RELAY.request(nonce), "mlp:784-16-10")
        .toJson()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static SignedSubmission withModel(
      io.tribunal.bindings.eip712.JobRequest r, String model) {
    return new SignedSubmission(
        RELAY.chain,
        RELAY.market,
        SignedSubmission.Request.of(r),
        null,
        null,
        new SignedSubmission.Hyper(
            RelayFixture.HP.batch(), RelayFixture.HP.eta(), RelayFixture.HP.datasetSize()),
        model);
  }

  private HttpResponse<String> post(CheckpointServer server, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs/quote"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).path("error").asText();
  }
}
