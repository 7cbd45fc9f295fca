package io.tribunal.solver.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.node.http.SafeHandler;
import io.tribunal.solver.checkpoints.RelayFixture;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The voucher path refuses a bad signature form with a 400 {@code bad_signature} naming the rule,
 * before it reads the chain; an exception inside the API is a 500 with a request id.
 */
class InferenceErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger N = EcdsaSignature.N;
  private static final Credentials PAYER = Credentials.create("0x" + "77".repeat(32));
  private static final Bytes32 SALT = Bytes32.keccakOf("salt");

  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void badVoucherSignaturesAre400sNamingTheRule() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Bytes32 model = OfflineInference.addModel(models, 3);
    try (OfflineInference offline = offline(models, h -> true);
        InferenceServer server = listen(offline)) {
      URI infer = base(server).resolve("/v1/models/" + model.hex() + "/infer");
      Bytes32 channel = Voucher.channelId(PAYER.getAddress(), OfflineInference.PAYEE, SALT);
      BigInteger amount = BigInteger.valueOf(1000);
      EcdsaSignature good = new Voucher(channel, amount).sign(OfflineInference.DOMAIN, PAYER);
      BigInteger r = new BigInteger(1, good.r());
      BigInteger s = new BigInteger(1, good.s());
      int v = good.v();

      assertBadSignature(
          post(infer, inferBody(amount, rsv(N, s, v))), "signature r is not in [1, n-1]");
      assertBadSignature(
          post(infer, inferBody(amount, rsv(BigInteger.ZERO, s, v))),
          "signature r is not in [1, n-1]");
      assertBadSignature(
          post(infer, inferBody(amount, rsv(r, BigInteger.ZERO, v))),
          "signature s is not in [1, n-1]");
      assertBadSignature(post(infer, inferBody(amount, rsv(r, N.subtract(s), 55 - v))), "high-S");
      assertBadSignature(
          post(infer, inferBody(amount, rsv(r, s, 29))), "signature v must be 27 or 28, got 29");

      // the same rules on the cooperative close, also before any chain read
      URI close = base(server).resolve("/v1/channels/" + channel.hex() + "/close");
      ObjectNode closeBody = JSON.createObjectNode().put("signature", rsv(r, s, 29));
      assertBadSignature(post(close, closeBody.toString()), "signature v must be 27 or 28, got 29");
      closeBody.put("signature", rsv(N, s, v));
      assertBadSignature(post(close, closeBody.toString()), "signature r is not in [1, n-1]");
    }
  }

  @Test
  void anExceptionInsideTheApiIsA500WithARequestId() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Bytes32 model = OfflineInference.addModel(models, 3);
    Predicate<Bytes32> chainDown =
        h -> {
          throw new IllegalStateException("injected: cannot ask JobMarket (http://rpc?key=secret)");
        };
    try (OfflineInference offline = offline(models, chainDown);
        InferenceServer server = listen(offline)) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(base(server).resolve("/v1/models/" + model.hex() + "/price"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("internal_error");
      assertThat(body.path("requestId").asText()).matches("[0-9a-f]{16}");
      assertThat(r.headers().firstValue(SafeHandler.HEADER))
          .hasValue(body.path("requestId").asText());
      assertThat(r.body()).as("no internals (an RPC URL may hold a key)").doesNotContain("secret");

      // a request that does not need the chain still works
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(base(server).resolve("/v1/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  private OfflineInference offline(Path models, Predicate<Bytes32> finalized) throws Exception {
    return new OfflineInference(models, Files.createDirectories(dir.resolve("data")), finalized);
  }

  private static InferenceServer listen(OfflineInference offline) throws Exception {
    InferenceServer s =
        InferenceServer.listen(new InetSocketAddress("127.0.0.1", 0), offline.parts);
    s.start();
    return s;
  }

  private static URI base(InferenceServer s) {
    return URI.create("http://127.0.0.1:" + s.port());
  }

  private static String inferBody(BigInteger amount, String signature) {
    ObjectNode b = JSON.createObjectNode();
    var input = b.putArray("input");
    for (int i = 0; i < 784; i++) {
      input.add(i % 7 * 1000);
    }
    ObjectNode p = b.putObject("payment");
    p.put("payer", PAYER.getAddress());
    p.put("salt", SALT.hex());
    p.put("cumulativeAmount", amount.toString());
    p.put("signature", signature);
    p.put("chainId", OfflineInference.CHAIN);
    p.put("contract", OfflineInference.CHANNELS);
    return b.toString();
  }

  private static String rsv(BigInteger r, BigInteger s, int v) {
    return RelayFixture.rsv(r, s, v);
  }

  private HttpResponse<String> post(URI uri, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertBadSignature(HttpResponse<String> r, String reason) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error").asText()).isEqualTo("bad_signature");
    assertThat(body.path("message").asText()).contains(reason);
  }
}
