package io.tribunal.explorer.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.explorer.index.Hex;
import io.tribunal.explorer.index.Offer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a solver's server sells, from its public {@code GET /v1/models} (a JSON array of
 * {@code {model, spec, price, ops, payee}}). Only public endpoints are read; a server that does not
 * answer within 2 s, or answers something else, shows no offer ({@link Offers} logs the change).
 */
final class OfferReader {
  private static final Logger LOG = LoggerFactory.getLogger(OfferReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_OFFERS = 256;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Optional<List<Offer>> read(String solver, String endpoint) {
    URI url;
    try {
      url = URI.create(endpoint.replaceAll("/+$", "") + "/v1/models");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode list = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      if (list == null || !list.isArray()) {
        LOG.debug("solver {} server {}: no model list (HTTP {})", solver, url, r.statusCode());
        return Optional.empty();
      }
      List<Offer> out = new ArrayList<>();
      for (JsonNode q : list) {
        if (out.size() == MAX_OFFERS) {
          break;
        }
        out.add(
            new Offer(
                q.path("model").asText().toLowerCase(java.util.Locale.ROOT),
                q.path("spec").asText(),
                price(q.path("price").asText()),
                q.path("ops").asLong(),
                Hex.address(q.path("payee").asText()),
                solver,
                endpoint));
      }
      return Optional.of(out);
    } catch (IOException | RuntimeException e) {
      LOG.debug("solver {} server {} unreachable: {}", solver, url, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static BigInteger price(String s) {
    try {
      return new BigInteger(s);
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }
}
