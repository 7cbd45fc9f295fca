package io.tribunal.solver.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.solver.checkpoints.Relay;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

class RelayValidationTest {
  private static final long CHAIN = 31337;
  private static final String MARKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final JobHashes.HyperParams HP = JobHashes.HyperParams.of(32, "0.1", 8000);
  private static final MlpSpec SPEC = MlpSpec.parse("mlp:784-16-10");

  private final Credentials user = credentials();

  @Test
  void acceptsARequestSignedByItsUserForThisChainAndMarket() {
    JobRequest r = request(user.getAddress());
    RelayService.Validated v = RelayService.validate(body(CHAIN, MARKET, r, user), CHAIN, MARKET);
    assertThat(v.jobId()).isEqualTo(r.digest(Eip712Domain.jobMarket(CHAIN, MARKET)));
  }

  @Test
  void rejectsARequestSignedByAnotherKey() {
    JobRequest r = request(user.getAddress());
    assertRejected(body(CHAIN, MARKET, r, credentials()), "bad signature");
  }

  @Test
  void rejectsARequestSignedForAnotherChain() {
    JobRequest r = request(user.getAddress());
    assertRejected(body(1, MARKET, r, user), "signed for chain 1");
  }

  @Test
  void rejectsASignatureOverAnotherChainsDomainEvenIfTheBodyClaimsThisChain() {
    JobRequest r = request(user.getAddress());
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(1, MARKET), user);
    byte[] body =
        SignedSubmission.of(CHAIN, MARKET, r, sig, Optional.empty(), HP, SPEC)
            .toJson()
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(body, "bad signature");
  }

  @Test
  void rejectsARequestForAnotherMarket() {
    JobRequest r = request(user.getAddress());
    String other = "0x" + "11".repeat(20);
    assertRejected(body(CHAIN, other, r, user), "signed for market");
  }

  @Test
  void rejectsHyperParametersThatDoNotHashToTheRequest() {
    JobRequest r = request(user.getAddress());
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(CHAIN, MARKET), user);
    byte[] body =
        SignedSubmission.of(
                CHAIN,
                MARKET,
                r,
                sig,
                Optional.empty(),
                JobHashes.HyperParams.of(16, "0.1", 8000),
                SPEC)
            .toJson()
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(body, "hyperParams do not hash");
  }

  @Test
  void rejectsASubmissionWithoutItsModelSpec() {
    JobRequest r = request(user.getAddress());
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(CHAIN, MARKET), user);
    SignedSubmission full = SignedSubmission.of(CHAIN, MARKET, r, sig, Optional.empty(), HP, SPEC);
    SignedSubmission noModel =
        new SignedSubmission(
            CHAIN, MARKET, full.request(), full.signature(), null, full.hyperParams(), null);
    assertRejected(noModel.toJson().getBytes(StandardCharsets.UTF_8), "model (the canonical spec");
  }

  @Test
  void rejectsAModelSpecThatIsNotTheSignedOne() {
    JobRequest r = request(user.getAddress());
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(CHAIN, MARKET), user);
    byte[] other =
        SignedSubmission.of(
                CHAIN, MARKET, r, sig, Optional.empty(), HP, MlpSpec.parse("mlp:784-32-10"))
            .toJson()
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(other, "is not the canonical spec");
  }

  @Test
  void rejectsAJobTheMarketCouldNotSettle() {
    MlpSpec wide = MlpSpec.parse("mlp:784-20000-10");
    JobRequest r = request(user.getAddress(), wide, 2_000_000_000L + 86_400);
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(CHAIN, MARKET), user);
    byte[] body =
        SignedSubmission.of(CHAIN, MARKET, r, sig, Optional.empty(), HP, wide)
            .toJson()
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(body, "width 20000 (layer 1) is wider than a dispute can prove");
    JobRequest rushed = request(user.getAddress(), SPEC, 2_000_000_000L + 599);
    EcdsaSignature sig2 = rushed.sign(Eip712Domain.jobMarket(CHAIN, MARKET), user);
    byte[] body2 =
        SignedSubmission.of(CHAIN, MARKET, rushed, sig2, Optional.empty(), HP, SPEC)
            .toJson()
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(body2, "the commit window is 599 s");
  }

  @Test
  void rejectsMalformedJsonWithA400() {
    assertRejected("{not json".getBytes(StandardCharsets.UTF_8), "malformed JSON");
    assertRejected("{}".getBytes(StandardCharsets.UTF_8), "required");
  }

  private static void assertRejected(byte[] body, String message) {
    assertThatThrownBy(() -> RelayService.validate(body, CHAIN, MARKET))
        .isInstanceOf(Relay.Rejected.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((Relay.Rejected) e).status()).isBetween(400, 499));
  }

  private static byte[] body(long chainId, String market, JobRequest r, Credentials signer) {
    EcdsaSignature sig = r.sign(Eip712Domain.jobMarket(chainId, market), signer);
    return SignedSubmission.of(chainId, market, r, sig, Optional.empty(), HP, SPEC)
        .toJson()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static JobRequest request(String user) {
    return request(user, SPEC, 2_000_086_400L);
  }

  private static JobRequest request(String user, MlpSpec spec, long commitDeadline) {
    return new JobRequest(
        user,
        JobHashes.modelSpecHash(spec),
        Bytes32.keccakOf("root"),
        "mnist",
        HP.hash(),
        BigInteger.valueOf(64),
        BigInteger.ONE,
        BigInteger.valueOf(25_000_000),
        BigInteger.valueOf(50_000_000),
        BigInteger.valueOf(2_000_000_000L),
        BigInteger.valueOf(commitDeadline),
        BigInteger.valueOf(7));
  }

  private static Credentials credentials() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
