package io.tribunal.client.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The user's record of every job request it signed, one small file per job ({@code
 * <dir>/<jobId>.json}), written before the signed request leaves the machine: whoever holds a
 * signed request (a relay, a file) can submit it until its claim deadline, and the only way to stop
 * that is to invalidate its nonce ({@code job cancel}), which needs the nonce. Files are 0600.
 */
public final class SignedRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code job cancel} needs: the job id, the signer, its nonce and the claim deadline. */
  public record Entry(
      String jobId, String user, String nonce, String claimDeadline, long chainId, String market) {}

  private final Path dir;

  public SignedRequests(Path dir) {
    this.dir = dir;
  }

  /** {@code ~/.tribunal/requests}: per user, like the wallet's keystore folder. */
  public static Path defaultDir() {
    return Path.of(System.getProperty("user.home"), ".tribunal", "requests");
  }

  /** Writes the entry atomically, owner-only (the same job id always means the same request). */
  public void record(Entry e) {
    try {
      Files.createDirectories(dir);
      Path target = file(e.jobId());
      Path tmp = Files.createTempFile(dir, ".request-", ".tmp", ownerOnly());
      Files.write(tmp, JSON.writeValueAsBytes(e));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot record the signed request in " + dir, ex);
    }
  }

  public Optional<Entry> find(String jobId) {
    Path f = file(jobId);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), Entry.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable request record " + f + ": " + e.getMessage());
    }
  }

  public Path file(String jobId) {
    return dir.resolve(jobId.toLowerCase(java.util.Locale.ROOT) + ".json");
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new java.nio.file.attribute.FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new java.nio.file.attribute.FileAttribute<?>[0];
  }
}
