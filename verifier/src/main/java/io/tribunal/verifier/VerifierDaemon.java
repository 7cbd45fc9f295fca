package io.tribunal.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.node.chain.Staking;
import io.tribunal.node.daemon.LocalPhase;
import io.tribunal.node.daemon.RoleDaemon;
import io.tribunal.node.daemon.Withdrawals;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class VerifierDaemon extends RoleDaemon<VerifierDaemon.Phase> {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierDaemon.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Local job phases (stored by name); DONE and the phases after it are terminal. */
  enum Phase implements LocalPhase {
    SUBMITTED,
    COMMITTED,
    ATTESTED,
    DONE,
    MISMATCH,
    IGNORED,
    NOT_DRAWN;

    @Override
    public boolean terminal() {
      return compareTo(DONE) >= 0;
    }
  }

  /** The counters this daemon exports (documented in docs/operators.md), declared at start. */
  private static final Map<String, String> COUNTERS =
      Map.of(
          "tribunal_attestations_total",
          "Attestations sent",
          "tribunal_mismatches_total",
          "Jobs whose replay did not match",
          "tribunal_jobs_not_drawn_total",
          "Jobs this verifier was not drawn for",
          "tribunal_check_unavailable_total",
          "Checks that could not complete (dataset, checkpoint server, RPC); retried");

  private final VerifierConfig config;
  private final ChallengeHandoff handoff;
  private AttesterBond bonds;
  private JobAttester attester;

  public VerifierDaemon(VerifierConfig config, ChallengeHandoff handoff) {
    super("verifier", config.daemon(), Phase.class, COUNTERS);
    this.config = config;
    this.handoff = handoff;
  }

  @Override
  protected void wire() {
    double p = VerifierConfig.detectionProbability(config.assumedCheatFraction(), config.samples());
    metrics.gauge(
        "tribunal_detection_probability", "P = 1 - (1 - f)^k for the configured f and k", () -> p);
    LOG.info(
        "verifier {}: k = {} samples per job; detection probability P = 1 - (1 - {})^{} = {}",
        rt.address(),
        config.samples(),
        config.assumedCheatFraction(),
        config.samples(),
        String.format(java.util.Locale.ROOT, "%.4f", p));
    bonds = new AttesterBond(rt.contracts(), rt.reader(), rt.tx());
    attester = new JobAttester(config, rt, handoff, this::count);
  }

  @Override
  protected boolean staked() {
    return true;
  }

  @Override
  protected void ready() {
    Staking.Registered reg = rt.register(config.stake(), Staking.ROLE_VERIFIER, "");
    LOG.info("verifier {}: ready (the chain shows stake {})", rt.address(), reg.activeStake());
  }

  @Override
  protected void intake(List<Log> logs) {
    SubmittedJobs.forEach(
        logs,
        (id, r) ->
            rt.jobs()
                .addIfAbsent(
                    id.hex(), Phase.SUBMITTED.name(), json(SignedSubmission.Request.of(r))));
  }

  @Override
  protected void advance(JobTable.Row row) {
    String id = row.jobId();
    byte[] jobId = Bytes32.fromHex(id).bytes();
    JobMarket.JobView v =
        rt.reader().view("getJob", () -> rt.contracts().market().getJob(jobId).send());
    JobStatus status = JobStatus.of(v.status);
    switch (Phase.valueOf(row.phase())) {
      case SUBMITTED -> {
        if (status == JobStatus.COMMITTED) {
          rt.jobs().put(id, Phase.COMMITTED.name(), row.data());
        } else if (status.terminal()) {
          rt.jobs().put(id, Phase.IGNORED.name(), row.data());
        }
      }
      case COMMITTED -> attester.verifyAndAttest(id, jobId, v, status, row);
      case ATTESTED -> {
        if (status == JobStatus.FINALIZED) {
          Withdrawals.of(rt).market(id);
          rt.jobs().put(id, Phase.DONE.name(), row.data());
        } else if (status == JobStatus.CHEATED) {
          bonds.settle(id, jobId, v.commitBlock);
          rt.jobs().put(id, Phase.DONE.name(), row.data());
        } else if (status.terminal()) {
          rt.jobs().put(id, Phase.DONE.name(), row.data());
        }
      }
      default -> {}
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
