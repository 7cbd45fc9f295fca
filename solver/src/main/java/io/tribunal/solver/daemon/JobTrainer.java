package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.replay.StepTree;
import io.tribunal.solver.checkpoints.JobFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains claimed jobs, one at a time on a worker thread so the daemon's loop (and the HTTP server)
 * stay responsive: the loop asks on every pass, the first ask starts the run, and the commitment is
 * handed over once it is done. A run writes its checkpoints and then its step tree ({@code
 * steps.json}) into the job's directory, which the solver serves and commits.
 */
final class JobTrainer implements AutoCloseable {
  // the daemon's log lines keep the daemon's logger name
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  private final SolverConfig config;
  private final JobTraining training;
  private final DatasetSource datasets;
  private final JobFiles files;
  private final Metrics metrics;
  private final ExecutorService trainer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("trainer").factory());
  private final Map<String, Future<JobTraining.Commitment>> running = new ConcurrentHashMap<>();

  JobTrainer(
      SolverConfig config,
      JobTraining training,
      DatasetSource datasets,
      JobFiles files,
      Metrics metrics) {
    this.config = config;
    this.training = training;
    this.datasets = datasets;
    this.files = files;
    this.metrics = metrics;
  }

  /**
   * The job's commitment once its run is done; empty while it runs (the first call starts it) and
   * after a failed run, which is logged and started again by the next call.
   */
  Optional<JobTraining.Commitment> commitment(String id, JobData data) {
    Future<JobTraining.Commitment> f =
        running.computeIfAbsent(id, k -> trainer.submit(() -> train(id, data)));
    if (!f.isDone()) {
      return Optional.empty();
    }
    running.remove(id);
    try {
      return Optional.of(f.get());
    } catch (Exception e) {
      LOG.warn("job {}: training failed: {}", id, e.getMessage());
      return Optional.empty();
    }
  }

  /** The root of the step tree the job's run wrote. */
  Hash32 stepRoot(String id) {
    return StepTree.read(stepsFile(id)).root();
  }

  private JobTraining.Commitment train(String id, JobData data) {
    JobRequest r = data.request().toJobRequest();
    try (Parallel p = Parallel.of(config.training().threads())) {
      DatasetSplit split =
          datasets.loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), p);
      CheckpointStore store = CheckpointStore.open(files.dirOf(id), config.training().fsync());
      TrainingConfig run = trainingConfig(config, r, data);
      JobTraining.Commitment c =
          training.train(
              run,
              split,
              store,
              p,
              new ProgressLog(id, config.training().progressEvery(), metrics));
      writeStepTree(id, store, split, p, c.steps(), run);
      return c;
    }
  }

  /**
   * The step tree this solver commits and serves ({@code steps.json}, written before the commit and
   * kept across restarts): every per-step trace leaf of the committed run, recomputed from the
   * checkpoints (a cheat's from its own run).
   */
  private void writeStepTree(
      String id,
      CheckpointStore store,
      DatasetSplit split,
      Parallel p,
      long n,
      TrainingConfig run) {
    Path file = stepsFile(id);
    if (Files.exists(file)) {
      try {
        StepTree.read(file);
        return;
      } catch (IllegalArgumentException e) {
        LOG.warn("job {}: {} unreadable, recomputing it: {}", id, file, e.getMessage());
      }
    }
    StepTree.of(training.committedTrace(store, split.train(), p, () -> run).stepLeaves(0, n))
        .write(file);
  }

  private Path stepsFile(String id) {
    return files.dirOf(id).resolve("steps.json");
  }

  /** The run the solver trains for a job (K = the configured interval, at most n). */
  static TrainingConfig trainingConfig(SolverConfig config, JobRequest r, JobData data) {
    JobHashes.HyperParams hp = data.hyperParams().orElseThrow();
    long k = Math.min(config.training().checkpointInterval(), r.steps().longValueExact());
    return new TrainingConfig(
        ClaimPolicy.offeredModel(config.models(), r.modelSpecHash())
            .orElseThrow(
                () -> new IllegalStateException(ClaimPolicy.unknownModel(r.modelSpecHash()))),
        r.datasetURI(),
        Hash32.fromHex(r.datasetRoot().hex()),
        r.seed().longValueExact(),
        hp.batch(),
        hp.learningRate(),
        r.steps().longValueExact(),
        k);
  }

  @Override
  public void close() {
    trainer.shutdownNow();
  }
}
