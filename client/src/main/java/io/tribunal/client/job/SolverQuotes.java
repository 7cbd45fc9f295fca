package io.tribunal.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks one solver's {@code POST /v1/jobs/quote} whether it would take an unsigned job description.
 * A solver that does not answer is "unreachable", never a failure of the whole quote: a user
 * choosing where to send a job wants the others' answers anyway.
 */
final class SolverQuotes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One solver's answer: {@code accept}, {@code refuse} or {@code unreachable}, and why. */
  record Answer(String solver, String endpoint, String verdict, String reason) {
    static Answer accept(String solver, String endpoint) {
      return new Answer(solver, endpoint, "accept", "");
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Answer ask(String solver, URI endpoint, String description) {
    URI url = URI.create(endpoint.toString().replaceAll("/+$", "") + "/v1/jobs/quote");
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(description))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return unreachable(solver, endpoint, e.getMessage() == null ? "no answer" : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(solver, endpoint, "interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return unreachable(solver, endpoint, "HTTP " + r.statusCode() + " without a JSON answer");
    }
    if (r.statusCode() == 200 && body.path("accept").isBoolean()) {
      return body.path("accept").asBoolean()
          ? Answer.accept(solver, endpoint.toString())
          : new Answer(solver, endpoint.toString(), "refuse", body.path("reason").asText());
    }
    if (r.statusCode() / 100 == 4 && r.statusCode() != 404 && body.has("error")) {
      // the solver judged the description itself invalid: a refusal with its reason
      return new Answer(solver, endpoint.toString(), "refuse", body.path("error").asText());
    }
    return unreachable(
        solver, endpoint, "HTTP " + r.statusCode() + ": " + body.path("error").asText("no quote"));
  }

  private static Answer unreachable(String solver, URI endpoint, String why) {
    return new Answer(solver, endpoint.toString(), "unreachable", why);
  }
}
