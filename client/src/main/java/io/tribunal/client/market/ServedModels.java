package io.tribunal.client.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The models a paid inference server sells, from its public {@code GET /v1/models}. */
final class ServedModels {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One model on sale: its hash, spec and price per request in token base units. */
  record Offer(String modelHash, String spec, String priceUnits, long ops, String payee) {}

  private ServedModels() {}

  /** The endpoint's offers, or empty with {@code why} filled when it does not answer properly. */
  static Optional<List<Offer>> fetch(HttpClient http, URI endpoint, StringBuilder why) {
    URI url = URI.create(endpoint.toString().replaceAll("/+$", "") + "/v1/models");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        why.append("HTTP ").append(r.statusCode());
        return Optional.empty();
      }
      JsonNode list = JSON.readTree(r.body());
      if (!list.isArray()) {
        why.append("not a model list");
        return Optional.empty();
      }
      List<Offer> out = new ArrayList<>();
      for (JsonNode q : list) {
        out.add(
            new Offer(
                q.path("model").asText(),
                q.path("spec").asText(),
                q.path("price").asText(),
                q.path("ops").asLong(),
                q.path("payee").asText()));
      }
      return Optional.of(out);
    } catch (IOException e) {
      why.append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why.append("interrupted");
      return Optional.empty();
    }
  }
}
