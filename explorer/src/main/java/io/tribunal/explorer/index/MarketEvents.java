package io.tribunal.explorer.index;

import io.tribunal.bindings.generated.JobMarket;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/** Applies the JobMarket's events to the jobs of a {@link Ledger}: status, fields, timeline. */
public final class MarketEvents {
  private static final Topics TOPICS =
      new Topics(
          JobMarket.JOBSUBMITTED_EVENT,
          JobMarket.JOBCLAIMED_EVENT,
          JobMarket.JOBCOMMITTED_EVENT,
          JobMarket.RANDOMNESSRECORDED_EVENT,
          JobMarket.JOBATTESTED_EVENT,
          JobMarket.JOBFROZEN_EVENT,
          JobMarket.JOBUNFROZEN_EVENT,
          JobMarket.JOBFINALIZED_EVENT,
          JobMarket.JOBREFUNDED_EVENT,
          JobMarket.JOBCHEATED_EVENT);

  private final Ledger ledger;
  private final Tusd tusd;

  public MarketEvents(Ledger ledger, Tusd tusd) {
    this.ledger = ledger;
    this.tusd = tusd;
  }

  /** The job a {@code JobSubmitted} log submitted (its calldata reveals the model spec). */
  public static Optional<String> submitted(Log log) {
    return TOPICS.of(log).equals("JobSubmitted") && log.getTopics().size() > 1
        ? Optional.of(log.getTopics().get(1).toLowerCase(java.util.Locale.ROOT))
        : Optional.empty();
  }

  /** Applies one JobMarket log mined at chain time {@code time}; other logs are ignored. */
  public void apply(Log log, long time) {
    String name = TOPICS.of(log);
    if (name.isEmpty() || log.getTopics().size() < 2) {
      return;
    }
    String id = log.getTopics().get(1).toLowerCase(java.util.Locale.ROOT);
    if (!name.equals("JobSubmitted") && ledger.existingJob(id).isEmpty()) {
      return; // a job submitted before the deployment block we read from: nothing to attach to
    }
    JobState j = ledger.job(id);
    long block = log.getBlockNumber().longValueExact();
    String tx = log.getTransactionHash();
    switch (name) {
      case "JobSubmitted" -> {
        var e = JobMarket.getJobSubmittedEventFromLog(log);
        var r = e.request;
        j.user = Hex.address(e.user);
        j.relayer = Hex.address(e.relayer);
        j.modelSpecHash = Hex.of(r.modelSpecHash);
        j.datasetRoot = Hex.of(r.datasetRoot);
        j.datasetUri = r.datasetURI;
        j.steps = r.steps.longValueExact();
        j.price = r.price;
        j.collateral = r.collateral;
        j.claimDeadline = r.claimDeadline.longValueExact();
        j.commitDeadline = r.commitDeadline.longValueExact();
        j.submittedBlock = block;
        j.status = "OPEN";
        j.add(new Milestone("submitted", block, time, tx, r.steps + " steps, user " + j.user));
      }
      case "JobClaimed" -> {
        var e = JobMarket.getJobClaimedEventFromLog(log);
        j.solver = Hex.address(e.solver);
        j.status = "CLAIMED";
        j.add(
            new Milestone(
                "claimed",
                block,
                time,
                tx,
                "solver " + j.solver + ", collateral " + tusd.format(e.collateral)));
      }
      case "JobCommitted" -> {
        var e = JobMarket.getJobCommittedEventFromLog(log);
        j.traceRoot = Hex.of(e.traceRoot);
        j.n = e.nSteps.longValueExact();
        j.k = e.checkpointInterval.intValueExact();
        j.modelHash = Hex.of(e.finalModelHash);
        j.challengeDeadline = e.challengeDeadline.longValueExact();
        j.status = "COMMITTED";
        j.add(
            new Milestone(
                "committed",
                block,
                time,
                tx,
                "trace root " + j.traceRoot + ", n " + j.n + ", K " + j.k));
      }
      case "RandomnessRecorded" ->
          j.add(
              new Milestone(
                  "sampled",
                  block,
                  time,
                  tx,
                  "anchor block " + JobMarket.getRandomnessRecordedEventFromLog(log).anchorBlock));
      case "JobAttested" -> {
        var e = JobMarket.getJobAttestedEventFromLog(log);
        j.attestations++;
        j.add(
            new Milestone(
                "attested",
                block,
                time,
                tx,
                "verifier " + Hex.address(e.verifier) + ", " + e.transitions.size() + " steps"));
      }
      case "JobFrozen" -> {
        j.openDisputes = JobMarket.getJobFrozenEventFromLog(log).openDisputes.intValueExact();
        j.add(new Milestone("disputed", block, time, tx, j.openDisputes + " open"));
      }
      case "JobUnfrozen" -> {
        j.openDisputes = JobMarket.getJobUnfrozenEventFromLog(log).openDisputes.intValueExact();
        j.add(
            new Milestone("dispute lost by challenger", block, time, tx, j.openDisputes + " open"));
      }
      case "JobFinalized" -> {
        var e = JobMarket.getJobFinalizedEventFromLog(log);
        j.status = "FINALIZED";
        j.add(
            new Milestone("finalized", block, time, tx, "solver paid " + tusd.format(e.solverPay)));
      }
      case "JobRefunded" -> {
        var e = JobMarket.getJobRefundedEventFromLog(log);
        j.status = "REFUNDED";
        j.add(
            new Milestone(
                "refunded",
                block,
                time,
                tx,
                "user refunded " + tusd.format(e.amount) + ", penalty " + tusd.format(e.penalty)));
      }
      case "JobCheated" -> {
        var e = JobMarket.getJobCheatedEventFromLog(log);
        j.status = "CHEATED";
        j.openDisputes = 0;
        j.add(
            new Milestone(
                "slashed",
                block,
                time,
                tx,
                "challenger "
                    + Hex.address(e.challenger)
                    + " bounty "
                    + tusd.format(e.bounty)
                    + ", user refund "
                    + tusd.format(e.userRefund)));
      }
      default -> {}
    }
    j.touch();
  }
}
