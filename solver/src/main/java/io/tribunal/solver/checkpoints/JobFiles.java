package io.tribunal.solver.checkpoints;

import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Maps an HTTP request for a job's data to a file, or to nothing. Only jobs the solver serves
 * (allow-list by job id), only the files that job's manifest lists (allow-list by content hash),
 * and only paths that, after resolving symlinks, still lie inside that job's directory. Job ids and
 * file names are matched against strict patterns before they touch the file system, so no crafted
 * path ({@code ..}, encoded slashes, absolute paths, another job's hash) reaches another job's data
 * or anything else on disk.
 */
public final class JobFiles {
  private static final Pattern JOB_ID = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern CHECKPOINT = Pattern.compile("[0-9a-f]{64}\\.ckpt");

  private final Path jobsDir;
  private final Predicate<String> servable;

  /**
   * @param jobsDir the directory holding one sub-directory per job id
   * @param servable whether a job id's data may be served (e.g. the solver claimed it)
   */
  public JobFiles(Path jobsDir, Predicate<String> servable) {
    this.jobsDir = jobsDir.toAbsolutePath().normalize();
    this.servable = servable;
  }

  /** The directory of a job's checkpoint store (no checks: for the solver's own writes). */
  public Path dirOf(String jobId) {
    if (!JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("not a job id: " + jobId);
    }
    return jobsDir.resolve(jobId);
  }

  public Optional<Path> manifest(String jobId) {
    return store(jobId).map(CheckpointStore::manifestFile).flatMap(p -> inside(jobId, p));
  }

  /** The job's step tree (the per-step trace leaves it committed), once written. */
  public Optional<Path> steps(String jobId) {
    return store(jobId)
        .map(st -> st.dir().resolve("steps.json"))
        .filter(java.nio.file.Files::isRegularFile)
        .flatMap(p -> inside(jobId, p));
  }

  /** A checkpoint file of the job, only if its manifest lists it. */
  public Optional<Path> checkpoint(String jobId, String fileName) {
    if (!CHECKPOINT.matcher(fileName).matches()) {
      return Optional.empty();
    }
    Optional<CheckpointStore> store = store(jobId);
    if (store.isEmpty()) {
      return Optional.empty();
    }
    Optional<Manifest> m = readManifest(store.get());
    if (m.isEmpty() || m.get().checkpoints().stream().noneMatch(e -> e.file().equals(fileName))) {
      return Optional.empty();
    }
    return inside(jobId, store.get().fileOf(fileName));
  }

  /** The final checkpoint (the trained model) of a finished job. */
  public Optional<Path> model(String jobId) {
    Optional<CheckpointStore> store = store(jobId);
    if (store.isEmpty()) {
      return Optional.empty();
    }
    return readManifest(store.get())
        .filter(m -> m.result() != null)
        .flatMap(m -> m.at(m.config().steps()))
        .flatMap(e -> checkpoint(jobId, e.file()));
  }

  private Optional<CheckpointStore> store(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches() || !servable.test(jobId)) {
      return Optional.empty();
    }
    return Optional.of(CheckpointStore.open(jobsDir.resolve(jobId), false));
  }

  private static Optional<Manifest> readManifest(CheckpointStore store) {
    try {
      return store.readManifest();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The real path, only if it is a regular file under the job's own real directory. */
  private Optional<Path> inside(String jobId, Path p) {
    try {
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      Path real = p.toRealPath();
      Path root = jobsDir.resolve(jobId).toRealPath();
      return real.startsWith(root) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
