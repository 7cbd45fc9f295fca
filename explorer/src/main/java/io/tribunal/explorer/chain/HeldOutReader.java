package io.tribunal.explorer.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The held-out figure of a finalized job as its solver publishes it: the {@code result} of the
 * job's checkpoint manifest at the solver's public {@code GET /v1/jobs/{jobId}/manifest}. The chain
 * does not hold it, so the model card says whose figure it is ({@code tribunal job result}
 * remeasures it on the dataset's held-out split).
 */
final class HeldOutReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * "97.00% of 2000" when the manifest has a result, "" when the server answers without one (it
   * does not publish the figure), empty when the server cannot be reached (try again later).
   */
  Optional<String> read(String endpoint, String jobId) {
    URI url;
    try {
      url = URI.create(endpoint.replaceAll("/+$", "") + "/v1/jobs/" + jobId + "/manifest");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        return Optional.of("");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of("");
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.of("");
      }
      return Optional.of(figure(JSON.readTree(r.body()).path("result")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** "c/t as a percentage with two decimals, of t", or "" for a result without a held-out set. */
  static String figure(JsonNode result) {
    long correct = result.path("heldOutCorrect").asLong(-1);
    long total = result.path("heldOutTotal").asLong(0);
    if (total <= 0 || correct < 0 || correct > total) {
      return "";
    }
    BigDecimal pct =
        BigDecimal.valueOf(correct)
            .multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_EVEN);
    return pct.toPlainString() + "% of " + total;
  }
}
