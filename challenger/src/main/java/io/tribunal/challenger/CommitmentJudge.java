package io.tribunal.challenger;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.replay.CommitmentCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenger's judgement of one commitment: replay the solver's published checkpoints (sampled
 * or every interval); on any doubt, train the job honestly and name the claim only if the
 * commitment differs from that run. Also the verified datasets and the solver manifest the game
 * needs. Runs on the daemon's checker thread.
 */
final class CommitmentJudge {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengerDaemon.class);

  private final ChallengerConfig config;
  private final DaemonRuntime rt;
  private final CommitmentCheck check;
  private final Samples samples;
  private final HonestRun honestRun;
  private final DatasetSource datasets;
  private final Optional<DataDemands> dataDemands;
  private final Map<String, DatasetSplit> datasetsByRoot = new ConcurrentHashMap<>();

  CommitmentJudge(
      ChallengerConfig config,
      DaemonRuntime rt,
      Samples samples,
      HonestRun honestRun,
      Optional<DataDemands> dataDemands) {
    this.config = config;
    this.rt = rt;
    this.samples = samples;
    this.honestRun = honestRun;
    this.dataDemands = dataDemands;
    this.datasets = new DatasetSource(config.datasetCache());
    this.check = new CommitmentCheck(datasets, config.threads());
  }

  /** Replays the solver's data; on any problem, the claim against its commitment (if any). */
  Optional<ClaimKind> verdict(String id, ChallengeRecord rec, JobMarket.JobView v) {
    JobRequest r = rec.request().toJobRequest();
    long n = v.steps.longValueExact();
    SortedSet<Long> transitions =
        config.replay() == ChallengerConfig.Replay.ALL
            ? CommitmentCheck.everyInterval(n, v.checkpointInterval.longValueExact())
            : samples.of(id, n, config.samples());
    Path dir = config.daemon().dataDir().resolve("jobs").resolve(id).resolve("solver");
    String endpoint =
        rt.reader()
            .view("metadataOf", () -> rt.contracts().registry().metadataOf(v.solver).send())
            .endpoint;
    CommitmentCheck.Report report = check.check(endpoint, id, dir, v, r, transitions);
    if (report.matches()) {
      LOG.info("job {}: replayed transitions {}: all match", id, transitions);
      return Optional.empty();
    }
    if (report.mismatch()) {
      LOG.warn("job {}: MISMATCH: {}; recomputing the job honestly", id, report.problem().get());
    } else {
      // not the solver's fault as far as anyone knows: the challenger still trains the job itself
      // and opens a game only if its own trace differs from the commitment
      LOG.warn(
          "job {}: cannot check the published work ({}); recomputing the job honestly",
          id,
          report.unavailable().orElse("unknown"));
    }
    try (Parallel p = Parallel.of(config.threads())) {
      DatasetSplit data = dataset(r, p);
      HonestRun.Job job = honestRun.resolve(v, r, report.manifest(), data.train().size());
      if (report.withheld() && dataDemands.isPresent()) {
        // the solver must publish its final state on-chain, or be slashed for withholding it
        long k = v.checkpointInterval.longValueExact();
        long finalLeaf = (n + k - 1) / k;
        dataDemands.get().demand(id, r, job, finalLeaf);
      }
      Optional<ClaimKind> claim = HonestRun.claimAgainst(v, honestRun.train(id, job, data, p));
      LOG.info(
          "job {}: honest run done; {}",
          id,
          claim.map(k -> "opening a " + k + " claim").orElse("the commitment is honest after all"));
      return claim;
    }
  }

  /** The solver's manifest as fetched during the check (it names the model and batch/lr). */
  Optional<io.tribunal.core.store.Manifest> solverManifest(String id) {
    Path dir = config.daemon().dataDir().resolve("jobs").resolve(id).resolve("solver");
    if (!java.nio.file.Files.isRegularFile(dir.resolve("manifest.json"))) {
      return Optional.empty();
    }
    try {
      return io.tribunal.core.store.CheckpointStore.open(dir, false).readManifest();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  DatasetSplit dataset(JobRequest r, Parallel p) {
    return datasetsByRoot.computeIfAbsent(
        r.datasetRoot().hex(),
        root -> datasets.loadVerified(r.datasetURI(), Hash32.fromHex(root), p));
  }
}
