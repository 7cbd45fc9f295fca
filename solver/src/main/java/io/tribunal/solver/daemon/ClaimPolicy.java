package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.job.JobHashes;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Whether this solver claims a job, and with which hyper-parameters. The checks run in a fixed
 * order (price, collateral budget, claim deadline, model, model size, dataset, hyper-parameters,
 * time to train) and the first that fails is the reason to skip, which the solver records and the
 * relay and quote endpoints answer with. It reads the world only through {@link Facts}, and each
 * fact only once a check needs it, so it decides without a chain.
 */
final class ClaimPolicy {

  /** What the policy needs to know from outside; a fact that cannot be read throws. */
  interface Facts {
    /** The collateral this solver has locked already. */
    BigInteger lockedCollateral();

    /** The chain's time, in seconds. */
    long now();

    /**
     * The number of training rows of the job's dataset, verified against its root; throws a {@link
     * DatasetException} saying why when the dataset cannot be had.
     */
    long trainSize(JobRequest request);
  }

  /** Claim (with the hyper-parameters filled in), or refuse with a reason a user can act on. */
  sealed interface Decision {
    record Claim(JobData data) implements Decision {}

    record Refuse(String reason) implements Decision {}
  }

  private final SolverConfig.Policy policy;
  private final List<String> models;
  private final List<io.tribunal.node.config.TrainingOffers.HyperParams> offers;

  ClaimPolicy(
      SolverConfig.Policy policy,
      List<String> models,
      List<io.tribunal.node.config.TrainingOffers.HyperParams> offers) {
    this.policy = policy;
    this.models = List.copyOf(models);
    this.offers = List.copyOf(offers);
  }

  ClaimPolicy(SolverConfig config) {
    this(config.policy(), config.models(), config.offers());
  }

  Decision decide(JobData data, Facts facts) {
    JobRequest r = data.request().toJobRequest();
    if (r.price().compareTo(policy.minPrice()) < 0) {
      return refuse("price " + r.price() + " below minPrice");
    }
    if (facts.lockedCollateral().add(r.collateral()).compareTo(policy.collateralBudget()) > 0) {
      return refuse("collateral " + r.collateral() + " exceeds the remaining budget");
    }
    if (r.claimDeadline().longValueExact() <= facts.now()) {
      return refuse("claim deadline passed");
    }
    Optional<MlpSpec> spec = offeredModel(models, r.modelSpecHash());
    if (spec.isEmpty()) {
      return refuse(unknownModel(r.modelSpecHash()));
    }
    if (parameters(spec.get()) > policy.maxParameters()) {
      return refuse("model " + spec.get() + " exceeds maxParameters");
    }
    long trainSize;
    try {
      trainSize = facts.trainSize(r);
    } catch (DatasetException e) {
      return refuse(e.getMessage());
    }
    Optional<JobHashes.HyperParams> hp =
        data.hyperParams().filter(h -> h.hash().equals(r.hyperParamsHash()));
    if (hp.isEmpty()) {
      hp =
          offers.stream()
              .map(o -> JobHashes.HyperParams.of(o.batch(), o.learningRate(), trainSize))
              .filter(h -> h.hash().equals(r.hyperParamsHash()))
              .findFirst();
    }
    if (hp.isEmpty() || hp.get().datasetSize() != trainSize) {
      return refuse("unknown hyper-parameters (hash " + r.hyperParamsHash() + ")");
    }
    long need =
        CommitTime.seconds(spec.get(), r.steps(), hp.get().batch(), policy.trainingThroughput());
    long left = r.commitDeadline().longValueExact() - facts.now();
    if (need > left) {
      return refuse(
          "cannot finish by the commit deadline: training needs ~"
              + need
              + " s at policy.trainingThroughput = "
              + policy.trainingThroughput()
              + " MAC/s, "
              + left
              + " s are left");
    }
    return new Decision.Claim(data.withHyper(hp.get()));
  }

  /** The offered model whose spec hashes to {@code modelSpecHash}. */
  static Optional<MlpSpec> offeredModel(List<String> models, Bytes32 modelSpecHash) {
    return models.stream()
        .map(MlpSpec::parse)
        .filter(m -> JobHashes.modelSpecHash(m).equals(modelSpecHash))
        .findFirst();
  }

  static String unknownModel(Bytes32 modelSpecHash) {
    return "unknown model spec hash " + modelSpecHash;
  }

  static long parameters(MlpSpec spec) {
    long n = 0;
    for (int l = 1; l < spec.widths().size(); l++) {
      n += (long) spec.widths().get(l) * (spec.widths().get(l - 1) + 1);
    }
    return n;
  }

  private static Decision refuse(String reason) {
    return new Decision.Refuse(reason);
  }
}
