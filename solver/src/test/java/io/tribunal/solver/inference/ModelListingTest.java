package io.tribunal.solver.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.solver.checkpoints.CheckpointServer;
import io.tribunal.solver.checkpoints.JobFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The solver daemon's wiring: inference attached to the checkpoint server's HTTP server, models
 * read from the daemon's jobs directory, where a job's run finishes after the daemon started. A
 * client that lists models (it does not know their hashes yet) must see the finished model.
 */
class ModelListingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "0x" + "5a".repeat(32);

  @TempDir Path dir;

  @Test
  void aJobFinishedAfterStartIsListedAndCountedOnTheDaemonsServer() throws Exception {
    Path jobsDir = Files.createDirectories(dir.resolve("jobs"));
    try (OfflineInference offline =
            new OfflineInference(jobsDir, Files.createDirectories(dir.resolve("inf")), h -> true);
        CheckpointServer http =
            CheckpointServer.start(
                "127.0.0.1", 0, new JobFiles(jobsDir, id -> true), Optional.empty());
        InferenceServer inference = InferenceServer.attach(http.httpServer(), offline.parts)) {
      URI base = URI.create("http://127.0.0.1:" + http.port());
      assertThat(get(base.resolve("/v1/models"))).isEmpty();

      Bytes32 model = ModelRegistryTest.train(jobsDir.resolve(JOB), 7);
      Thread.sleep(ModelRegistry.RESCAN_EVERY.toMillis() + 50);

      JsonNode listed = get(base.resolve("/v1/models"));
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).path("model").asText()).isEqualTo(model.hex());
      assertThat(get(base.resolve("/v1/health")).path("models").asInt()).isEqualTo(1);
      // and the checkpoint server still serves the job's own files next to it
      assertThat(get(base.resolve("/v1/jobs/" + JOB + "/manifest")).path("result").isObject())
          .isTrue();
    }
  }

  private static JsonNode get(URI uri) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + " → " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
