package io.tribunal.protocol.replay;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Downloads a job's manifest and checkpoints from the solver's published endpoint into a local core
 * checkpoint store (files keep their content-hash names; core re-checks them on load). A file that
 * is already there is not fetched again, so a restarted verifier or challenger resumes.
 */
public final class CheckpointFetcher {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Fetches {@code <endpoint>/v1/jobs/<jobId>/<relative>} into {@code target} (atomically). */
  public void fetch(String endpoint, String jobId, String relative, Path target) {
    if (Files.isRegularFile(target)) {
      return;
    }
    URI uri = URI.create(endpoint.replaceAll("/+$", "") + "/v1/jobs/" + jobId + "/" + relative);
    try {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new IllegalStateException("GET " + uri + " answered HTTP " + r.statusCode());
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".fetch-", ".part");
      try (InputStream in = r.body()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot fetch " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
