package io.tribunal.solver.daemon;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.IntentOnHoldException;
import io.tribunal.node.chain.Intents;
import io.tribunal.node.chain.TxPendingException;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.JobLimits;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.job.SubmitJobCall;
import io.tribunal.solver.checkpoints.Relay;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays users' signed job submissions. Everything that can be checked off-chain is checked BEFORE
 * a transaction is signed: chain id and market address (a request signed for another chain or
 * market is refused), the signature (EcdsaSignature's checked form: v 27/28, r and s in range, low
 * S; recovering the request's user under this market's EIP-712 domain), deadlines, the
 * hyper-parameter preimage, the permit's amount, and the nonce; then gas estimation catches
 * whatever the contract would still reject.
 */
public final class RelayService implements Relay {
  private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);

  private final Contracts contracts;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final JobTable jobs;

  private final java.util.function.Function<JobData, Optional<String>> refusal;

  /**
   * @param refusal this solver's claim policy: why it would not claim a job (empty: it would), so
   *     the relay never submits, at the user's expense, a job its own solver will not take
   */
  public RelayService(
      Contracts contracts,
      ChainReader reader,
      DurableTxSender tx,
      JobTable jobs,
      java.util.function.Function<JobData, Optional<String>> refusal) {
    this.contracts = contracts;
    this.reader = reader;
    this.tx = tx;
    this.jobs = jobs;
    this.refusal = refusal;
  }

  @Override
  public String submit(byte[] body) {
    Validated v = validate(body, contracts.chain().chainId(), contracts.marketAddress());
    checkChain(v);
    String id = v.jobId().hex();
    Optional<String> refused =
        refusal.apply(new JobData(v.submission().request(), null, null).withHyper(v.hyper()));
    if (refused.isPresent()) {
      LOG.info("relay: refused job {} for {}: {}", id, v.request().user(), refused.get());
      throw new Rejected(
          422,
          "this solver would not claim the job (model "
              + v.spec()
              + "): "
              + refused.get()
              + "; nothing was submitted");
    }
    jobs.addIfAbsent(
        id,
        JobPhase.NEW.name(),
        new JobData(v.submission().request(), null, null).withHyper(v.hyper()).json());
    try {
      var receipt =
          tx.send(
              Intents.submit(id),
              contracts.marketAddress(),
              SubmitJobCall.of(
                      contracts.market(),
                      v.request(),
                      v.signature().toBytes(),
                      v.permit()
                          .map(SignedPermit::forJobMarket)
                          .orElseGet(SignedPermit::noneForJobMarket),
                      v.hyper(),
                      v.spec())
                  .encodeFunctionCall());
      LOG.info(
          "relayed job {} for {} in tx {}", id, v.request().user(), receipt.getTransactionHash());
      return "{\"jobId\":\"" + id + "\",\"txHash\":\"" + receipt.getTransactionHash() + "\"}";
    } catch (TxPendingException e) {
      // journaled and broadcast, outcome not on chain yet: the solver's loop sees the job when it
      // lands; the user can follow it by id (never "rejected" for a transaction that may mine)
      LOG.info("relayed job {} for {}: {}", id, v.request().user(), e.getMessage());
      return "{\"jobId\":\"" + id + "\",\"txHash\":\"" + e.txHash() + "\",\"status\":\"pending\"}";
    } catch (IntentOnHoldException e) {
      throw new Rejected(
          429, "an earlier relay of this job failed; " + e.getMessage() + "; try again later");
    } catch (TransactionRevertedException e) {
      jobs.put(
          id,
          JobPhase.SKIPPED.name(),
          new JobData(v.submission().request(), null, "relay rejected: " + e.getMessage()).json());
      throw new Rejected(422, "the market would reject this submission: " + e.getMessage());
    }
  }

  /**
   * The off-chain checks, with no side effects, for a relay on {@code chainId} and {@code market}.
   */
  public static Validated validate(byte[] body, long chainId, String market) {
    SignedSubmission s;
    JobRequest r;
    EcdsaSignature sig;
    Optional<SignedPermit> permit;
    Optional<JobHashes.HyperParams> hyper;
    Optional<MlpSpec> spec;
    try {
      s = SignedSubmission.parse(body);
      r = s.jobRequest();
      sig = s.ecdsa();
      permit = s.signedPermit(r.user());
      hyper = s.hyper();
      spec = s.modelSpec();
    } catch (IllegalArgumentException e) {
      throw new Rejected(400, e.getMessage());
    }
    if (s.chainId() != chainId) { // unboxed: parse() refused a missing chainId
      throw new Rejected(
          400, "signed for chain " + s.chainId() + ", this relay is on chain " + chainId);
    }
    if (!s.market().equalsIgnoreCase(market)) {
      throw new Rejected(400, "signed for market " + s.market() + ", not " + market);
    }
    Bytes32 jobId = r.digest(io.tribunal.bindings.eip712.Eip712Domain.jobMarket(chainId, market));
    String signer;
    try {
      signer = sig.recover(jobId.bytes());
    } catch (IllegalArgumentException e) {
      throw new Rejected(400, "bad signature: " + e.getMessage());
    }
    if (!signer.equalsIgnoreCase(r.user())) {
      throw new Rejected(
          400, "bad signature: not signed by " + r.user() + " for this chain and market");
    }
    checkDescription(r, hyper, spec);
    if (permit.isPresent() && permit.get().permit().value().compareTo(r.price()) < 0) {
      throw new Rejected(400, "permit value is below the price");
    }
    return new Validated(s, r, sig, permit, hyper.get(), spec.get(), jobId);
  }

  /**
   * The checks of {@link #validate} that need no signature: the request was described for {@code
   * chainId} and {@code market}, its hyper-parameters and model are the preimages of its hashes and
   * the market's limits allow it. {@code POST /v1/jobs/quote} runs these before asking the claim
   * policy, so a quote and a real submission are judged alike.
   */
  public static Described describe(SignedSubmission s, long chainId, String market) {
    JobRequest r;
    Optional<JobHashes.HyperParams> hyper;
    Optional<MlpSpec> spec;
    try {
      if (s.chainId() == null || s.market() == null || s.request() == null) {
        throw new IllegalArgumentException("request, chainId and market are required");
      }
      r = s.jobRequest();
      hyper = s.hyper();
      spec = s.modelSpec();
    } catch (IllegalArgumentException e) {
      throw new Rejected(400, e.getMessage());
    }
    if (s.chainId() != chainId) {
      throw new Rejected(
          400, "described for chain " + s.chainId() + ", this solver is on chain " + chainId);
    }
    if (!s.market().equalsIgnoreCase(market)) {
      throw new Rejected(400, "described for market " + s.market() + ", not " + market);
    }
    checkDescription(r, hyper, spec);
    return new Described(r, hyper.get(), spec.get());
  }

  private static void checkDescription(
      JobRequest r, Optional<JobHashes.HyperParams> hyper, Optional<MlpSpec> spec) {
    if (hyper.isEmpty()) {
      throw new Rejected(400, "hyperParams (the preimage of hyperParamsHash) are required");
    }
    if (!hyper.get().hash().equals(r.hyperParamsHash())) {
      throw new Rejected(400, "hyperParams do not hash to the request's hyperParamsHash");
    }
    if (spec.isEmpty()) {
      throw new Rejected(400, "model (the canonical spec, preimage of modelSpecHash) is required");
    }
    try {
      JobLimits.check(
          spec.get(),
          hyper.get(),
          r.steps().longValueExact(),
          r.commitDeadline().subtract(r.claimDeadline()).longValueExact());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new Rejected(400, e.getMessage());
    }
  }

  /** Chain-state checks (nonce, deadline) that need a node. */
  private void checkChain(Validated v) {
    BigInteger now = BigInteger.valueOf(reader.now());
    if (v.request().claimDeadline().compareTo(now) <= 0) {
      throw new Rejected(400, "claim deadline " + v.request().claimDeadline() + " already passed");
    }
    boolean used =
        reader.view(
            "isNonceUsed",
            () -> contracts.market().isNonceUsed(v.request().user(), v.request().nonce()).send());
    if (used && !tx.known(Intents.submit(v.jobId().hex()))) {
      throw new Rejected(
          409, "nonce " + v.request().nonce() + " of " + v.request().user() + " is used");
    }
  }

  /** A job description (no signature) that passed the checks of {@link #describe}. */
  public record Described(JobRequest request, JobHashes.HyperParams hyper, MlpSpec spec) {}

  /** A submission that passed every off-chain check. */
  public record Validated(
      SignedSubmission submission,
      JobRequest request,
      EcdsaSignature signature,
      Optional<SignedPermit> permit,
      JobHashes.HyperParams hyper,
      MlpSpec spec,
      Bytes32 jobId) {}
}
