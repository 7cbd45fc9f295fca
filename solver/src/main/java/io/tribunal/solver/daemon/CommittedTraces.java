package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.dispute.TraceSource;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.solver.checkpoints.JobFiles;

/**
 * What this solver committed for a job, as the dispute defence and the data-demand answers read it:
 * the job's verified dataset and stored checkpoints, made into a trace by the solver's {@link
 * JobTraining} (recomputed inside intervals, or a configured cheat's own run). Recomputation runs
 * on the daemon's shared dispute threads.
 */
final class CommittedTraces {
  private final SolverConfig config;
  private final JobTraining training;
  private final JobTable jobs;
  private final DatasetSource datasets;
  private final JobFiles files;
  private final Parallel threads;

  CommittedTraces(
      SolverConfig config,
      JobTraining training,
      JobTable jobs,
      DatasetSource datasets,
      JobFiles files,
      Parallel threads) {
    this.config = config;
    this.training = training;
    this.jobs = jobs;
    this.datasets = datasets;
    this.files = files;
    this.threads = threads;
  }

  /** The committed trace of job {@code id} (a job this solver has a record of). */
  TraceSource of(String id) {
    JobData data = JobData.parse(jobs.get(id).orElseThrow().data());
    JobRequest r = data.request().toJobRequest();
    DatasetSplit split =
        datasets.loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), threads);
    return training.committedTrace(
        CheckpointStore.open(files.dirOf(id), false),
        split.train(),
        threads,
        () -> JobTrainer.trainingConfig(config, r, data));
  }
}
