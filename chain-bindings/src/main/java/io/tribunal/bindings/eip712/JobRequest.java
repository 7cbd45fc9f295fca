package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * The user-signed EIP-712 {@code JobRequest} of the JobMarket: what the user pays for, under which
 * deadlines, with which unordered nonce. Its digest under the market's domain is the job id.
 *
 * <p>Invariant: every field fits its Solidity type (uint64 fields in 64 bits, uint256 in 256), so
 * the hash here is the hash the contract computes for the same request.
 */
public record JobRequest(
    String user,
    Bytes32 modelSpecHash,
    Bytes32 datasetRoot,
    String datasetURI,
    Bytes32 hyperParamsHash,
    BigInteger steps,
    BigInteger seed,
    BigInteger price,
    BigInteger collateral,
    BigInteger claimDeadline,
    BigInteger commitDeadline,
    BigInteger nonce) {

  public static final String TYPE =
      "JobRequest(address user,bytes32 modelSpecHash,bytes32 datasetRoot,string datasetURI,"
          + "bytes32 hyperParamsHash,uint64 steps,uint64 seed,uint256 price,uint256 collateral,"
          + "uint64 claimDeadline,uint64 commitDeadline,uint256 nonce)";
  public static final Bytes32 TYPE_HASH = new Bytes32(Eip712.typeHash(TYPE));

  public JobRequest {
    Eip712.address(user);
    Objects.requireNonNull(modelSpecHash, "modelSpecHash");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(datasetURI, "datasetURI");
    Objects.requireNonNull(hyperParamsHash, "hyperParamsHash");
    Uint.check("steps", steps, 64);
    Uint.check("seed", seed, 64);
    Uint.check("price", price, 256);
    Uint.check("collateral", collateral, 256);
    Uint.check("claimDeadline", claimDeadline, 64);
    Uint.check("commitDeadline", commitDeadline, 64);
    Uint.check("nonce", nonce, 256);
  }

  /** EIP-712 {@code hashStruct}: the same words, in the same order, as the contract. */
  public Bytes32 structHash() {
    return new Bytes32(
        Eip712.hashStruct(
            TYPE_HASH.bytes(),
            Eip712.address(user),
            modelSpecHash.bytes(),
            datasetRoot.bytes(),
            Eip712.stringHash(datasetURI),
            hyperParamsHash.bytes(),
            Eip712.word(steps),
            Eip712.word(seed),
            Eip712.word(price),
            Eip712.word(collateral),
            Eip712.word(claimDeadline),
            Eip712.word(commitDeadline),
            Eip712.word(nonce)));
  }

  /** The digest the user signs; under the market's domain it is also the job id. */
  public Bytes32 digest(Eip712Domain domain) {
    return domain.digest(structHash());
  }

  public EcdsaSignature sign(Eip712Domain domain, Credentials user) {
    return EcdsaSignature.sign(digest(domain).bytes(), user);
  }

  public JobRequest withNonce(BigInteger newNonce) {
    return new JobRequest(
        user,
        modelSpecHash,
        datasetRoot,
        datasetURI,
        hyperParamsHash,
        steps,
        seed,
        price,
        collateral,
        claimDeadline,
        commitDeadline,
        newNonce);
  }

  /** The generated wrapper's struct, for {@code JobMarket.submitJob} and {@code hashJobRequest}. */
  public io.tribunal.bindings.generated.JobMarket.JobRequest toWrapper() {
    return new io.tribunal.bindings.generated.JobMarket.JobRequest(
        user,
        modelSpecHash.bytes(),
        datasetRoot.bytes(),
        datasetURI,
        hyperParamsHash.bytes(),
        steps,
        seed,
        price,
        collateral,
        claimDeadline,
        commitDeadline,
        nonce);
  }

  public static JobRequest fromWrapper(io.tribunal.bindings.generated.JobMarket.JobRequest w) {
    return new JobRequest(
        w.user,
        new Bytes32(w.modelSpecHash),
        new Bytes32(w.datasetRoot),
        w.datasetURI,
        new Bytes32(w.hyperParamsHash),
        w.steps,
        w.seed,
        w.price,
        w.collateral,
        w.claimDeadline,
        w.commitDeadline,
        w.nonce);
  }
}
