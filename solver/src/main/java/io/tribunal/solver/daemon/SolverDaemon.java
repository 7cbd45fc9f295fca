package io.tribunal.solver.daemon;

import io.tribunal.bindings.Deployment;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.chain.Staking;
import io.tribunal.node.daemon.RoleDaemon;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.da.DataChain;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.solver.checkpoints.CheckpointServer;
import io.tribunal.solver.checkpoints.JobFiles;
import io.tribunal.solver.daemon.cheat.CheatingTraining;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.SettlementPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The staking client, wired from its config: each loop reads confirmed JobSubmitted events into the
 * state DB and moves every live job one step ({@link JobStateMachine}), while the HTTP server
 * serves checkpoints, the relay, quotes and paid inference. Training runs on a worker thread
 * ({@link JobTrainer}) so the loop and the server stay responsive; disputes are defended by the
 * dispute engine ({@link EngineDefence}).
 */
public final class SolverDaemon extends RoleDaemon<JobPhase> {
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  private final SolverConfig config;
  private final JobTraining jobTraining;

  private JobTrainer trainer;
  private EngineDefence disputes;
  private Parallel disputeThreads;
  private CheckpointServer http;
  private InferenceNode inference;
  private JobStateMachine jobs;
  private Claims claims;
  private String endpoint;

  public SolverDaemon(SolverConfig config) {
    super(
        "solver",
        config.daemon(),
        JobPhase.class,
        Map.of(
            JobStateMachine.JOBS_COMMITTED,
            JobStateMachine.JOBS_COMMITTED_HELP,
            Settlement.JOBS_PAID,
            Settlement.JOBS_PAID_HELP));
    this.config = config;
    this.jobTraining =
        config.cheat().<JobTraining>map(CheatingTraining::new).orElseGet(HonestTraining::new);
  }

  @Override
  protected void wire() {
    ProgressLog.stepGauge(metrics);
    ProgressLog.stepSeconds(metrics);
    String me = rt.address();
    Deployment deployment = config.daemon().deployment();
    JobFiles files =
        new JobFiles(
            config.daemon().dataDir().resolve("jobs"), id -> JobPhase.servable(rt.jobs(), id));
    DatasetSource datasets = new DatasetSource(config.datasetCache());
    disputeThreads = own(Parallel.of(config.training().threads()));
    CommittedTraces traces =
        new CommittedTraces(config, jobTraining, rt.jobs(), datasets, files, disputeThreads);
    disputes =
        own(
            new EngineDefence(
                DisputeChain.readOnly(rt.chain(), deployment), rt.reader(), rt.tx(), traces::of));
    Optional<DataDemandAnswers> dataDemands =
        DataChain.of(rt.chain(), deployment)
            .map(
                d ->
                    new DataDemandAnswers(d, rt.reader(), rt.tx(), traces::of, config.dataBlobs()));
    claims = new Claims(rt, new ClaimPolicy(config), datasets, config.training().threads());
    trainer = own(new JobTrainer(config, jobTraining, datasets, files, metrics));
    jobs =
        new JobStateMachine(
            rt, claims, trainer, new Settlement(rt, disputes, dataDemands, metrics), metrics);
    http =
        own(
            CheckpointServer.start(
                config.http().host(),
                config.http().port(),
                files,
                config.relay()
                    ? Optional.of(
                        new RelayService(
                            rt.contracts(), rt.reader(), rt.tx(), rt.jobs(), claims::wouldRefuse))
                    : Optional.empty(),
                Optional.of(
                    new QuoteService(
                        rt.chain().chainId(),
                        rt.contracts().marketAddress(),
                        claims::wouldRefuse))));
    endpoint =
        config.http().publicUrl().isEmpty()
            ? "http://" + config.http().host() + ":" + http.port()
            : config.http().publicUrl();
    if (config.inference().enabled()) {
      inference = own(startInference(rt.credentials(), deployment));
    }
    LOG.info(
        "solver {}: serving checkpoints{}{} at {}",
        me,
        config.relay() ? ", relay" : "",
        inference != null ? ", paid inference" : "",
        endpoint);
  }

  @Override
  protected boolean staked() {
    return true;
  }

  @Override
  protected void afterRelease() {
    claims.reconsiderSkipped();
  }

  @Override
  protected void ready() {
    String me = rt.address();
    Staking.Registered reg = rt.register(config.stake(), Staking.ROLE_SOLVER, endpoint);
    LOG.info(
        "solver {}: ready (the chain shows stake {} and endpoint {})",
        me,
        reg.activeStake(),
        reg.endpoint());
  }

  /** Paid inference for this solver's finalized models on its own HTTP server and key. */
  private InferenceNode startInference(Credentials creds, Deployment deployment) {
    SolverConfig.Inference c = config.inference();
    Path jobsDir = config.daemon().dataDir().resolve("jobs");
    try {
      Files.createDirectories(jobsDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + jobsDir, e);
    }
    return InferenceNode.embedded(
        new InferenceNode.Config(
            deployment,
            creds,
            jobsDir,
            config.daemon().dataDir().resolve("inference"),
            null,
            c.pricePerMop(),
            c.safetyMarginSeconds(),
            new SettlementPolicy(
                c.claimThreshold(), c.claimInterval(), c.closeMarginSeconds(), c.tick()),
            config.daemon().confirmations(),
            List.of(),
            () -> {}),
        rt.chain(),
        http.httpServer(),
        rt.tx(),
        metrics);
  }

  @Override
  protected void intake(List<Log> logs) {
    jobs.onLogs(logs);
  }

  @Override
  protected void advance(JobTable.Row row) {
    jobs.advance(row);
  }
}
