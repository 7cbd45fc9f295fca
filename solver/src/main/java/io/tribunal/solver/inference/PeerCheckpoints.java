package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Fetches a model from peers' {@code GET /v1/models/{hash}/checkpoint} into the {@code fetched}
 * store, asking them in order. A checkpoint is kept only if core's state hash of its parameters is
 * the hash asked for; anything else a peer sends is deleted and never served.
 */
final class PeerCheckpoints {
  /** A model fetched from a peer and the file it is now stored in. */
  record Fetched(ServedModel model, Path file) {}

  private final CheckpointStore fetched;
  private final List<URI> peers;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PeerCheckpoints(CheckpointStore fetched, List<URI> peers) {
    this.fetched = fetched;
    this.peers = List.copyOf(peers);
  }

  /** The model named by {@code hash} from the first peer that has it, or empty. */
  Optional<Fetched> fetch(Bytes32 hash) {
    for (URI peer : peers) {
      Optional<byte[]> bytes = download(peer.resolve("/v1/models/" + hash.hex() + "/checkpoint"));
      if (bytes.isEmpty()) {
        continue;
      }
      String name = HexFormat.of().formatHex(sha256(bytes.get())) + ".ckpt";
      Path file = fetched.fileOf(name);
      try {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.get());
        ModelState state = fetched.load(name);
        ServedModel model = ServedModel.of(state);
        if (model.hash().equals(hash)) {
          return Optional.of(new Fetched(model, file));
        }
        Files.deleteIfExists(file); // a peer sent the wrong model: never serve it
      } catch (IOException | RuntimeException e) {
        deleteQuietly(file);
      }
    }
    return Optional.empty();
  }

  private Optional<byte[]> download(URI uri) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the next load re-checks the content hash anyway
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
