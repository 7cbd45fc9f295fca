package io.tribunal.cli.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.core.store.CorruptCheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Reads and atomically replaces DIR/graph-manifest.json (temp file, then rename). */
final class GraphManifestFile {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  GraphManifestFile(Path dir) {
    this.file = dir.resolve(GraphManifest.FILE);
  }

  Path path() {
    return file;
  }

  Optional<GraphManifest> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), GraphManifest.class));
    } catch (IOException e) {
      throw new CorruptCheckpointException(file, "unreadable manifest (" + e.getMessage() + ")");
    }
  }

  void write(GraphManifest m) {
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), ".tmp-", ".part");
      Files.write(tmp, JSON.writeValueAsBytes(m));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // only a .part file is left; no manifest names it
        }
      }
    }
  }
}
