package io.tribunal.protocol.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.core.model.MlpSpec;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The JSON a user sends to a solver's relay ({@code POST /v1/jobs}): the signed request, its
 * signature, the permit (optional), the chain id and market it was signed for, and the
 * hyper-parameter preimage of {@code hyperParamsHash} and the model spec, the preimage of {@code
 * modelSpecHash} (so the solver can train it and the market can check the job is settleable).
 * Numbers are decimal strings, bytes 0x-hex.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record SignedSubmission(
    Long chainId,
    String market,
    Request request,
    String signature,
    Permit permit,
    Hyper hyperParams,
    String model) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The JobRequest fields as strings. */
  public record Request(
      String user,
      String modelSpecHash,
      String datasetRoot,
      String datasetURI,
      String hyperParamsHash,
      String steps,
      String seed,
      String price,
      String collateral,
      String claimDeadline,
      String commitDeadline,
      String nonce) {

    public static Request of(JobRequest r) {
      return new Request(
          r.user(),
          r.modelSpecHash().hex(),
          r.datasetRoot().hex(),
          r.datasetURI(),
          r.hyperParamsHash().hex(),
          r.steps().toString(),
          r.seed().toString(),
          r.price().toString(),
          r.collateral().toString(),
          r.claimDeadline().toString(),
          r.commitDeadline().toString(),
          r.nonce().toString());
    }

    public JobRequest toJobRequest() {
      return new SignedSubmission(0L, "", this, "", null, null, null).jobRequest();
    }
  }

  /** An EIP-2612 permit for the market: owner = user, spender = market. */
  public record Permit(String value, String nonce, String deadline, String signature) {}

  /** The preimage of hyperParamsHash. */
  public record Hyper(int batch, long eta, long datasetSize) {}

  public static SignedSubmission of(
      long chainId,
      String market,
      JobRequest r,
      EcdsaSignature sig,
      Optional<SignedPermit> permit,
      JobHashes.HyperParams hp,
      MlpSpec spec) {
    Request req = Request.of(r);
    Permit p =
        permit
            .map(
                sp ->
                    new Permit(
                        sp.permit().value().toString(),
                        sp.permit().nonce().toString(),
                        sp.permit().deadline().toString(),
                        sp.signature().toHex()))
            .orElse(null);
    return new SignedSubmission(
        chainId,
        market,
        req,
        sig.toHex(),
        p,
        new Hyper(hp.batch(), hp.eta(), hp.datasetSize()),
        spec.canonical());
  }

  /** Parses and range-checks; IllegalArgumentException with the offending field otherwise. */
  public static SignedSubmission parse(byte[] json) {
    SignedSubmission s;
    try {
      s = JSON.readValue(json, SignedSubmission.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (s == null
        || s.chainId() == null
        || s.request() == null
        || s.signature() == null
        || s.market() == null) {
      throw new IllegalArgumentException("request, signature, chainId and market are required");
    }
    return s;
  }

  public JobRequest jobRequest() {
    Request r = request;
    try {
      return new JobRequest(
          r.user(),
          Bytes32.fromHex(req("modelSpecHash", r.modelSpecHash())),
          Bytes32.fromHex(req("datasetRoot", r.datasetRoot())),
          req("datasetURI", r.datasetURI()),
          Bytes32.fromHex(req("hyperParamsHash", r.hyperParamsHash())),
          num("steps", r.steps()),
          num("seed", r.seed()),
          num("price", r.price()),
          num("collateral", r.collateral()),
          num("claimDeadline", r.claimDeadline()),
          num("commitDeadline", r.commitDeadline()),
          num("nonce", r.nonce()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid request: " + e.getMessage());
    }
  }

  /** The request's signature through the one checked parser (v, r, s ranges and low S). */
  public EcdsaSignature ecdsa() {
    try {
      return EcdsaSignature.parseChecked(signature);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid signature: " + e.getMessage());
    }
  }

  /** The permit as the market takes it, or "no permit" (use the allowance). */
  public Optional<SignedPermit> signedPermit(String user) {
    if (permit == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new SignedPermit(
              new Eip2612Permit(
                  user,
                  market,
                  num("permit.value", permit.value()),
                  num("permit.nonce", permit.nonce()),
                  num("permit.deadline", permit.deadline())),
              EcdsaSignature.parseChecked(permit.signature())));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid permit: " + e.getMessage());
    }
  }

  /**
   * The model spec, checked to be the preimage of the request's modelSpecHash; empty if absent.
   * IllegalArgumentException if it does not parse or does not hash to modelSpecHash.
   */
  public Optional<MlpSpec> modelSpec() {
    if (model == null) {
      return Optional.empty();
    }
    MlpSpec spec;
    try {
      spec = MlpSpec.parse(model);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid model: " + e.getMessage());
    }
    if (!JobHashes.modelSpecHash(spec).equals(jobRequest().modelSpecHash())
        || !spec.canonical().equals(model)) {
      throw new IllegalArgumentException(
          "model " + model + " is not the canonical spec the request's modelSpecHash commits to");
    }
    return Optional.of(spec);
  }

  public Optional<JobHashes.HyperParams> hyper() {
    if (hyperParams == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new JobHashes.HyperParams(
              hyperParams.batch(), hyperParams.eta(), hyperParams.datasetSize()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid hyperParams: " + e.getMessage());
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String req(String field, String v) {
    if (v == null) {
      throw new IllegalArgumentException(field + " missing");
    }
    return v;
  }

  private static BigInteger num(String field, String v) {
    if (v == null || !v.matches("[0-9]{1,78}")) {
      throw new IllegalArgumentException(field + " must be a decimal integer string");
    }
    return new BigInteger(v);
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }
}
