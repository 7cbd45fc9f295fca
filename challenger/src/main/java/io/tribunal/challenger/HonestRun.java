package io.tribunal.challenger;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.job.JobHashes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The challenger's own, honest recomputation of a committed job: the request's model, dataset and
 * seed, the hyper-parameters behind its {@code hyperParamsHash} (the solver's manifest names them;
 * configured sets are the fallback), and the committed n and K, trained with core's resumable
 * {@link Trainer} into {@code dataDir/jobs/<job>/own}. Its trace is what the challenger plays the
 * game with, so what it opens is decided against it: a different trace root is a TRANSITION claim,
 * an honest trace with a final model hash other than h_n a MODEL claim.
 */
final class HonestRun {
  private final ChallengerConfig config;

  /** What the job is, in the terms the DisputeGame registers it with. */
  record Job(MlpSpec spec, JobHashes.HyperParams hyper, TrainingConfig training) {}

  HonestRun(ChallengerConfig config) {
    this.config = config;
  }

  Path dirOf(String jobId) {
    return config.daemon().dataDir().resolve("jobs").resolve(jobId).resolve("own");
  }

  /** The job's exact training config, or the reason it cannot be recomputed. */
  Job resolve(JobMarket.JobView v, JobRequest r, Optional<Manifest> manifest, long datasetSize) {
    MlpSpec spec = spec(r, manifest);
    JobHashes.HyperParams hp = hyper(r, manifest, datasetSize);
    TrainingConfig tc =
        new TrainingConfig(
            spec,
            r.datasetURI(),
            Hash32.fromHex(r.datasetRoot().hex()),
            r.seed().longValueExact(),
            hp.batch(),
            hp.learningRate(),
            v.steps.longValueExact(),
            v.checkpointInterval.longValueExact());
    return new Job(spec, hp, tc);
  }

  /** Trains (or resumes) the honest run of {@code job} and returns its trace. */
  LocalTrace train(String jobId, Job job, DatasetSplit data, Parallel parallel) {
    CheckpointStore store = CheckpointStore.open(dirOf(jobId), false);
    new Trainer(job.training(), data, store, parallel, TrainListener.NONE).run(Long.MAX_VALUE);
    return trace(jobId, data, parallel);
  }

  /** The stored honest run (after {@link #train}). */
  LocalTrace trace(String jobId, DatasetSplit data, Parallel parallel) {
    return LocalTrace.fromStore(CheckpointStore.open(dirOf(jobId), false), data.train(), parallel);
  }

  /** The claim to open against the commitment in {@code v}, if it is not the honest one. */
  static Optional<ClaimKind> claimAgainst(JobMarket.JobView v, LocalTrace honest) {
    if (!new Hash32(v.traceRoot).equals(honest.committedTraceRoot())) {
      return Optional.of(ClaimKind.TRANSITION);
    }
    if (!new Hash32(v.finalModelHash).equals(honest.finalModelHash())) {
      return Optional.of(ClaimKind.MODEL);
    }
    return Optional.empty();
  }

  private MlpSpec spec(JobRequest r, Optional<Manifest> manifest) {
    List<String> candidates = new ArrayList<>();
    manifest.ifPresent(m -> candidates.add(m.config().model()));
    candidates.addAll(config.models());
    for (String c : candidates) {
      MlpSpec spec = MlpSpec.parse(c);
      if (JobHashes.modelSpecHash(spec).equals(r.modelSpecHash())) {
        return spec;
      }
    }
    throw new IllegalStateException(
        "cannot recompute: no known model has spec hash " + r.modelSpecHash());
  }

  private JobHashes.HyperParams hyper(JobRequest r, Optional<Manifest> manifest, long size) {
    List<JobHashes.HyperParams> candidates = new ArrayList<>();
    manifest.ifPresent(
        m ->
            candidates.add(
                JobHashes.HyperParams.of(m.config().batch(), m.config().learningRate(), size)));
    config
        .hyperParams()
        .forEach(o -> candidates.add(JobHashes.HyperParams.of(o.batch(), o.learningRate(), size)));
    return candidates.stream()
        .filter(h -> h.hash().equals(r.hyperParamsHash()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot recompute: unknown hyper-parameters (hash "
                        + r.hyperParamsHash()
                        + ")"));
  }
}
