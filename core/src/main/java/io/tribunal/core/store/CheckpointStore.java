package io.tribunal.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.core.model.ModelState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed checkpoint files under DIR/checkpoints, named {@code <sha256 of content>.ckpt},
 * plus DIR/manifest.json.
 *
 * <p>Invariants: files appear only by atomic rename of a fully written temp file; a file is used
 * only after its content hashes to its name and decodes cleanly, otherwise {@link
 * CorruptCheckpointException} names it. SHA-256 (not keccak) names files because it is ~6x faster
 * here and the name is a local integrity check, not a protocol value.
 */
public final class CheckpointStore {
  private static final String SUFFIX = ".ckpt";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final Path checkpoints;
  private final boolean fsync;

  private CheckpointStore(Path dir, boolean fsync) {
    this.dir = dir;
    this.checkpoints = dir.resolve("checkpoints");
    this.fsync = fsync;
  }

  /** A store in dir; with fsync, files are forced to disk before the rename. */
  public static CheckpointStore open(Path dir, boolean fsync) {
    return new CheckpointStore(dir, fsync);
  }

  public Path dir() {
    return dir;
  }

  public Path manifestFile() {
    return dir.resolve("manifest.json");
  }

  /** Writes the state; returns its file name (idempotent for equal content). */
  public String save(ModelState state) {
    byte[] bytes = CheckpointCodec.encode(state);
    String name = HexFormat.of().formatHex(sha256(bytes)) + SUFFIX;
    Path target = checkpoints.resolve(name);
    if (!Files.exists(target)) {
      atomicWrite(target, bytes);
    }
    return name;
  }

  /** Loads a checkpoint, verifying its content hash and layout. */
  public ModelState load(String name) {
    Path file = checkpoints.resolve(name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CorruptCheckpointException(file, "cannot read (" + e.getMessage() + ")");
    }
    String actual = HexFormat.of().formatHex(sha256(bytes)) + SUFFIX;
    if (!actual.equals(name)) {
      throw new CorruptCheckpointException(
          file, "content hash " + actual + " does not match its name (truncated or modified)");
    }
    try {
      return CheckpointCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new CorruptCheckpointException(file, e.getMessage());
    }
  }

  public Path fileOf(String name) {
    return checkpoints.resolve(name);
  }

  public Optional<Manifest> readManifest() {
    Path file = manifestFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Manifest.class));
    } catch (IOException e) {
      throw new CorruptCheckpointException(file, "unreadable manifest (" + e.getMessage() + ")");
    }
  }

  public void writeManifest(Manifest m) {
    try {
      atomicWrite(manifestFile(), JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode manifest: " + e.getMessage(), e);
    }
  }

  private void atomicWrite(Path target, byte[] bytes) {
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      if (fsync) {
        forceDirectory(target.getParent());
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp); // e.g. a partial file after "No space left on device"
        } catch (IOException ignored) {
          // the leftover is only a .part file, never named by the manifest
        }
      }
      throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes the rename durable: without this a power loss could keep a later manifest rename but lose
   * the checkpoint's. Best effort where directories cannot be opened (not on Linux).
   */
  private static void forceDirectory(Path directory) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    try (ch) {
      ch.force(true);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }
}
