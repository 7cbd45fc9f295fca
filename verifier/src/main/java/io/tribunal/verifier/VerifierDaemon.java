package io.tribunal.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.protocol.chain.ChainConnector;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.DurableTxSender;
import io.tribunal.protocol.chain.EventScanner;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.chain.Staking;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.metrics.Health;
import io.tribunal.protocol.metrics.Metrics;
import io.tribunal.protocol.metrics.MetricsServer;
import io.tribunal.protocol.persist.JobTable;
import io.tribunal.protocol.persist.StateDb;
import io.tribunal.protocol.replay.CommitmentCheck;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The verifier bot. Watches confirmed JobSubmitted/JobCommitted events; for each committed job
 * inside its challenge window: records the post-commit randomness if nobody has, derives its
 * sample, fetches the checkpoints it needs from the solver's registered endpoint, checks the
 * solver's manifest against the on-chain commitment and the signed request, replays each sampled
 * transition with core's Replayer, and attests when all match; a mismatch goes to {@link
 * ChallengeHandoff}. After finalization it withdraws its fee. Phases: SUBMITTED → COMMITTED →
 * ATTESTED → DONE (or MISMATCH / IGNORED).
 */
public final class VerifierDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierDaemon.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TERMINAL = List.of("DONE", "MISMATCH", "IGNORED");

  private final VerifierConfig config;
  private final ChallengeHandoff handoff;
  private final Metrics metrics = new Metrics("verifier");
  private final Health health;
  private volatile boolean running = true;
  private StateDb db;
  private TribunalChain chain;
  private ChainReader reader;
  private Contracts contracts;
  private DurableTxSender tx;
  private JobTable jobs;
  private MetricsServer metricsServer;
  private CommitmentCheck check;
  private String me;

  public VerifierDaemon(VerifierConfig config, ChallengeHandoff handoff) {
    this.config = config;
    this.handoff = handoff;
    this.health = new Health(Duration.ofSeconds(30).plus(config.daemon().pollInterval()));
  }

  public void run() {
    start();
    while (running) {
      try {
        loopOnce();
        health.loopCompleted();
      } catch (RuntimeException e) {
        health.chainError(e.getMessage());
        LOG.warn("loop failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(config.daemon().pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void start() {
    Credentials creds = config.daemon().key().load();
    me = creds.getAddress();
    db = StateDb.open(config.daemon().dataDir());
    jobs = db.jobs();
    Metrics.Counter rpcErrors =
        metrics.counter("tribunal_rpc_errors_total", "Failed RPC attempts (retried)");
    Retry retry =
        Retry.daemon(
            e -> {
              rpcErrors.inc();
              health.chainError(e.getMessage());
            });
    Deployment deployment = config.daemon().deployment();
    metricsServer =
        MetricsServer.start(
            config.daemon().metricsHost(), config.daemon().metricsPort(), metrics, health);
    double p = VerifierConfig.detectionProbability(config.assumedCheatFraction(), config.samples());
    metrics.gauge(
        "tribunal_detection_probability", "P = 1 - (1 - f)^k for the configured f and k", () -> p);
    LOG.info(
        "verifier {}: k = {} samples per job; detection probability P = 1 - (1 - {})^{} = {}; metrics on port {}",
        me,
        config.samples(),
        config.assumedCheatFraction(),
        config.samples(),
        String.format(java.util.Locale.ROOT, "%.4f", p),
        metricsServer.port());
    chain = ChainConnector.connect(deployment, retry);
    reader = new ChainReader(chain, retry);
    contracts = Contracts.load(chain, deployment, me);
    tx = new DurableTxSender(reader, creds, db.txJournal());
    check = new CommitmentCheck(new DatasetSource(config.datasetCache()), config.threads());
    for (String phase :
        List.of("SUBMITTED", "COMMITTED", "ATTESTED", "DONE", "MISMATCH", "IGNORED")) {
      metrics.gauge(
          "tribunal_jobs", "Jobs by local phase", () -> jobs.count(phase), "phase", phase);
    }
    metrics.gauge(
        "tribunal_stake_active",
        "Active stake",
        () -> quiet(() -> contracts.registry().stakeOf(me).send().component1()));
    metrics.gauge(
        "tribunal_token_balance",
        "Token balance",
        () -> quiet(() -> contracts.token().balanceOf(me).send()));
    metrics.gauge(
        "tribunal_eth_balance_wei", "ETH balance", () -> quiet(() -> chain.ethBalance(me)));
    tx.resumePending();
    Staking.ensureRegistered(contracts, reader, tx, config.stake(), Staking.ROLE_VERIFIER, "");
    LOG.info("verifier {}: ready (staked, registered)", me);
  }

  void loopOnce() {
    EventScanner scanner =
        new EventScanner(
            "verifier-market",
            reader,
            db.cursors(),
            List.of(contracts.marketAddress()),
            contracts.marketBlock(),
            config.daemon().confirmations());
    health.chainOk(scanner.poll(this::onLogs));
    for (JobTable.Row row : jobs.active(TERMINAL)) {
      try {
        advance(row);
      } catch (TransactionRevertedException e) {
        LOG.warn("job {}: {}", row.jobId(), e.getMessage());
      }
    }
  }

  private void onLogs(List<Log> logs) {
    SubmittedJobs.forEach(
        logs,
        (id, r) -> jobs.addIfAbsent(id.hex(), "SUBMITTED", json(SignedSubmission.Request.of(r))));
  }

  private void advance(JobTable.Row row) {
    String id = row.jobId();
    byte[] jobId = Bytes32.fromHex(id).bytes();
    JobMarket.JobView v = reader.view("getJob", () -> contracts.market().getJob(jobId).send());
    JobStatus status = JobStatus.of(v.status);
    switch (row.phase()) {
      case "SUBMITTED" -> {
        if (status == JobStatus.COMMITTED) {
          jobs.put(id, "COMMITTED", row.data());
        } else if (status.terminal()) {
          jobs.put(id, "IGNORED", row.data());
        }
      }
      case "COMMITTED" -> verifyAndAttest(id, jobId, v, status, row);
      case "ATTESTED" -> {
        if (status == JobStatus.FINALIZED) {
          BigInteger credit =
              reader.view("claimable", () -> contracts.market().claimable(me).send());
          if (credit.signum() > 0 || tx.known("withdraw:" + id)) {
            tx.send(
                "withdraw:" + id,
                contracts.marketAddress(),
                contracts.market().withdraw(me).encodeFunctionCall());
            LOG.info("job {}: withdrew fee {}", id, credit);
          }
          jobs.put(id, "DONE", row.data());
        } else if (status.terminal()) {
          jobs.put(id, "DONE", row.data());
        }
      }
      default -> {}
    }
  }

  private void verifyAndAttest(
      String id, byte[] jobId, JobMarket.JobView v, JobStatus status, JobTable.Row row) {
    if (!status.terminal() && status != JobStatus.COMMITTED) {
      LOG.warn("job {}: no longer committed on-chain (reorg?); waiting for the commitment", id);
      jobs.put(id, "SUBMITTED", row.data());
      return;
    }
    if (status != JobStatus.COMMITTED
        || v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me))) {
      jobs.put(
          id,
          v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me)) ? "ATTESTED" : "IGNORED",
          row.data());
      return;
    }
    if (reader.now() > v.challengeDeadline.longValueExact() || v.attesters.size() >= 3) {
      jobs.put(id, "IGNORED", row.data());
      return;
    }
    byte[] randomness = v.randomness;
    if (new BigInteger(1, randomness).signum() == 0) {
      long anchor =
          reader
              .view("randomnessAnchor", () -> contracts.market().randomnessAnchor(jobId).send())
              .longValueExact();
      if (reader.head() <= anchor) {
        return; // the anchor block is not mined yet
      }
      tx.send(
          "randomness:" + id,
          contracts.marketAddress(),
          contracts.market().recordRandomness(jobId).encodeFunctionCall());
      randomness = reader.view("randomnessOf", () -> contracts.market().randomnessOf(jobId).send());
    }
    JobRequest request = parse(row.data()).toJobRequest();
    Optional<String> problem;
    TreeSet<Long> sample =
        SampleSelector.sample(randomness, me, v.steps.longValueExact(), config.samples());
    try {
      problem = verify(id, v, request, sample);
    } catch (RuntimeException e) {
      problem = Optional.of(e.getMessage());
    }
    if (problem.isPresent()) {
      metrics.counter("tribunal_mismatches_total", "Jobs whose replay did not match").inc();
      handoff.mismatch(Bytes32.fromHex(id), sample.first(), problem.get());
      jobs.put(id, "MISMATCH", row.data());
      return;
    }
    byte[] report =
        Hash.sha3((id + ":" + sample).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    tx.send(
        "attest:" + id,
        contracts.marketAddress(),
        contracts.market().attest(jobId, report).encodeFunctionCall());
    metrics.counter("tribunal_attestations_total", "Attestations sent").inc();
    LOG.info("job {}: replayed transitions {} — all match; attested", id, sample);
    jobs.put(id, "ATTESTED", row.data());
  }

  /** Empty if everything checks out, else the first problem. */
  private Optional<String> verify(
      String id, JobMarket.JobView v, JobRequest r, TreeSet<Long> sample) {
    String endpoint =
        reader.view("metadataOf", () -> contracts.registry().metadataOf(v.solver).send()).endpoint;
    Path dir = config.daemon().dataDir().resolve("jobs").resolve(id);
    return check.check(endpoint, id, dir, v, r, sample).problem();
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SignedSubmission.Request parse(String s) {
    try {
      return JSON.readValue(s, SignedSubmission.Request.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt job record", e);
    }
  }

  private static double quiet(java.util.concurrent.Callable<BigInteger> c) {
    try {
      return c.call().doubleValue();
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    running = false;
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (chain != null) {
      chain.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
