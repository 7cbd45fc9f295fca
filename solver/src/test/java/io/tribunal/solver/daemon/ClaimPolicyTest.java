package io.tribunal.solver.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SignedSubmission;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClaimPolicyTest {
  private static final long NOW = 1_000_000;
  private static final long TRAIN_ROWS = 1_000;
  private static final MlpSpec SPEC = MlpSpec.parse("mlp:784-16-10");
  private static final JobHashes.HyperParams HP = JobHashes.HyperParams.of(32, "0.1", TRAIN_ROWS);

  private final ClaimPolicy policy =
      new ClaimPolicy(
          new SolverConfig.Policy(
              20_000, BigInteger.valueOf(10), BigInteger.valueOf(1_000), 1L << 40),
          List.of("mlp:784-32-10", "mlp:784-16-10"),
          List.of(
              new io.tribunal.node.config.TrainingOffers.HyperParams(16, "0.05"),
              new io.tribunal.node.config.TrainingOffers.HyperParams(32, "0.1")));

  /** The chain and dataset as a test sets them; counts how often the chain is read. */
  private static final class Facts implements ClaimPolicy.Facts {
    BigInteger locked = BigInteger.valueOf(500);
    long trainRows = TRAIN_ROWS;
    String datasetProblem;
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public BigInteger lockedCollateral() {
      reads.incrementAndGet();
      return locked;
    }

    @Override
    public long now() {
      reads.incrementAndGet();
      return NOW;
    }

    @Override
    public long trainSize(JobRequest request) {
      if (datasetProblem != null) {
        throw new DatasetException(datasetProblem);
      }
      return trainRows;
    }
  }

  private final Facts facts = new Facts();

  @Test
  void claimsAJobThatFitsWithTheOfferedHyperParameters() {
    ClaimPolicy.Decision d = policy.decide(job(request()), facts);

    assertThat(d).isInstanceOf(ClaimPolicy.Decision.Claim.class);
    assertThat(((ClaimPolicy.Decision.Claim) d).data().hyperParams()).contains(HP);
  }

  @Test
  void claimsARelayedJobWithTheHyperParametersItCarries() {
    JobData relayed = job(request()).withHyper(HP);

    assertThat(policy.decide(relayed, facts)).isEqualTo(new ClaimPolicy.Decision.Claim(relayed));
  }

  @Test
  void refusesAPriceBelowMinPriceWithoutReadingTheChain() {
    JobRequest r = request(BigInteger.valueOf(9), BigInteger.valueOf(100), NOW + 60, NOW + 10_000);

    assertThat(policy.decide(job(r), facts)).isEqualTo(refused("price 9 below minPrice"));
    assertThat(facts.reads).hasValue(0);
  }

  @Test
  void refusesCollateralBeyondTheRemainingBudget() {
    JobRequest r = request(BigInteger.TEN, BigInteger.valueOf(501), NOW + 60, NOW + 10_000);

    assertThat(policy.decide(job(r), facts))
        .isEqualTo(refused("collateral 501 exceeds the remaining budget"));
  }

  @Test
  void refusesAJobPastItsClaimDeadline() {
    JobRequest r = request(BigInteger.TEN, BigInteger.TEN, NOW, NOW + 10_000);

    assertThat(policy.decide(job(r), facts)).isEqualTo(refused("claim deadline passed"));
  }

  @Test
  void refusesAModelItDoesNotOffer() {
    JobRequest r =
        with(request(), JobHashes.modelSpecHash(MlpSpec.parse("mlp:784-64-10")), HP.hash());

    assertThat(policy.decide(job(r), facts))
        .isEqualTo(refused("unknown model spec hash " + r.modelSpecHash()));
  }

  @Test
  void refusesAModelAboveMaxParameters() {
    // 784-32-10 has 32·785 + 10·33 = 25,450 parameters, above the policy's 20,000
    JobRequest r =
        with(request(), JobHashes.modelSpecHash(MlpSpec.parse("mlp:784-32-10")), HP.hash());

    assertThat(policy.decide(job(r), facts))
        .isEqualTo(refused("model mlp:784-32-10 exceeds maxParameters"));
  }

  @Test
  void refusesADatasetItCannotVerify() {
    facts.datasetProblem = "dataset root mismatch";

    assertThat(policy.decide(job(request()), facts)).isEqualTo(refused("dataset root mismatch"));
  }

  @Test
  void refusesHyperParametersItDoesNotOffer() {
    JobRequest r = request();
    facts.trainRows = TRAIN_ROWS + 1; // the offers hash to other values for another size

    assertThat(policy.decide(job(r), facts))
        .isEqualTo(refused("unknown hyper-parameters (hash " + r.hyperParamsHash() + ")"));
  }

  @Test
  void refusesRelayedHyperParametersForAnotherDatasetSize() {
    JobHashes.HyperParams other = JobHashes.HyperParams.of(32, "0.1", TRAIN_ROWS + 1);
    JobRequest r = with(request(), JobHashes.modelSpecHash(SPEC), other.hash());

    assertThat(policy.decide(job(r).withHyper(other), facts))
        .isEqualTo(refused("unknown hyper-parameters (hash " + other.hash() + ")"));
  }

  @Test
  void refusesAJobItCannotTrainByTheCommitDeadline() {
    JobRequest r = request(BigInteger.TEN, BigInteger.TEN, NOW + 60, NOW + 100);
    long need = CommitTime.seconds(SPEC, r.steps(), 32, 1L << 40);

    assertThat(policy.decide(job(r), facts))
        .isEqualTo(
            refused(
                "cannot finish by the commit deadline: training needs ~"
                    + need
                    + " s at policy.trainingThroughput = "
                    + (1L << 40)
                    + " MAC/s, 100 s are left"));
  }

  private static ClaimPolicy.Decision refused(String reason) {
    return new ClaimPolicy.Decision.Refuse(reason);
  }

  private static JobData job(JobRequest r) {
    return new JobData(SignedSubmission.Request.of(r), null, null);
  }

  private static JobRequest request() {
    return request(BigInteger.TEN, BigInteger.TEN, NOW + 60, NOW + 10_000);
  }

  private static JobRequest request(
      BigInteger price, BigInteger collateral, long claimDeadline, long commitDeadline) {
    return new JobRequest(
        "0x" + "11".repeat(20),
        JobHashes.modelSpecHash(SPEC),
        Bytes32.keccakOf("root"),
        "mnist",
        HP.hash(),
        BigInteger.valueOf(64),
        BigInteger.ONE,
        price,
        collateral,
        BigInteger.valueOf(claimDeadline),
        BigInteger.valueOf(commitDeadline),
        BigInteger.valueOf(7));
  }

  /** {@code r} with another model spec hash and hyper-parameters hash. */
  private static JobRequest with(JobRequest r, Bytes32 modelSpecHash, Bytes32 hyperParamsHash) {
    return new JobRequest(
        r.user(),
        modelSpecHash,
        r.datasetRoot(),
        r.datasetURI(),
        hyperParamsHash,
        r.steps(),
        r.seed(),
        r.price(),
        r.collateral(),
        r.claimDeadline(),
        r.commitDeadline(),
        r.nonce());
  }
}
