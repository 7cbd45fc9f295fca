package io.tribunal.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.StakeRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Picks the server for a model among the solvers registered in the StakeRegistry.
 *
 * <p>Policy: candidates are operators whose latest {@code OperatorUpdated} has the solver role and
 * an endpoint, and that are staked now. Each is asked {@code GET /v1/models/{hash}/price} three
 * times; a candidate is dropped if it fails, does not serve the model, or quotes a payee other than
 * the registered operator. Among the rest, those within 10% of the cheapest quoted price are kept
 * and the one with the lowest median latency wins (ties: lowest address). Price first because it is
 * what the user pays on every request; latency decides between near-equal prices.
 */
public final class ServerChoice {
  /** Prices within this factor of the cheapest count as equal. */
  public static final double PRICE_TOLERANCE = 1.10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROLE_SOLVER = 1;

  /** A probed server. */
  public record Candidate(
      String operator, URI endpoint, BigInteger price, Duration medianLatency) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Registered solver endpoints (operator → endpoint) from the registry's events. */
  public Map<String, URI> registered(Web3j web3j, StakeRegistry registry, long fromBlock)
      throws IOException {
    EthFilter f =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameterName.LATEST,
            registry.getContractAddress());
    f.addSingleTopic(EventEncoder.encode(StakeRegistry.OPERATORUPDATED_EVENT));
    Map<String, URI> latest = new LinkedHashMap<>();
    for (var r : web3j.ethGetLogs(f).send().getLogs()) {
      var e = StakeRegistry.getOperatorUpdatedEventFromLog((Log) r.get());
      String op = e.operator.toLowerCase();
      latest.remove(op);
      if ((e.roles.intValue() & ROLE_SOLVER) != 0 && !e.endpoint.isBlank()) {
        try {
          latest.put(op, URI.create(e.endpoint));
        } catch (IllegalArgumentException bad) {
          // an unparsable endpoint is simply not a candidate
        }
      }
    }
    Map<String, URI> staked = new LinkedHashMap<>();
    for (var en : latest.entrySet()) {
      try {
        if (registry.isStaked(en.getKey(), BigInteger.valueOf(ROLE_SOLVER)).send()) {
          staked.put(en.getKey(), en.getValue());
        }
      } catch (Exception ex) {
        throw new IOException("isStaked failed: " + ex.getMessage(), ex);
      }
    }
    return staked;
  }

  /** Applies the policy to {@code servers} (operator → endpoint) for {@code model}. */
  public Optional<Candidate> choose(Map<String, URI> servers, Bytes32 model) {
    List<Candidate> ok = new ArrayList<>();
    servers.forEach((op, uri) -> probe(op, uri, model).ifPresent(ok::add));
    if (ok.isEmpty()) {
      return Optional.empty();
    }
    BigInteger cheapest =
        ok.stream().map(Candidate::price).min(BigInteger::compareTo).orElseThrow();
    double limit = cheapest.doubleValue() * PRICE_TOLERANCE;
    return ok.stream()
        .filter(c -> c.price().doubleValue() <= limit)
        .min(Comparator.comparing(Candidate::medianLatency).thenComparing(Candidate::operator));
  }

  Optional<Candidate> probe(String operator, URI endpoint, Bytes32 model) {
    long[] nanos = new long[3];
    BigInteger price = null;
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(endpoint.resolve("/v1/models/" + model.hex() + "/price"))
                    .timeout(Duration.ofSeconds(3))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        nanos[i] = System.nanoTime() - t0;
        JsonNode q = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !q.path("payee").asText().equalsIgnoreCase(operator)) {
          return Optional.empty();
        }
        price = new BigInteger(q.path("price").asText());
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    Arrays.sort(nanos);
    return Optional.of(new Candidate(operator, endpoint, price, Duration.ofNanos(nanos[1])));
  }
}
