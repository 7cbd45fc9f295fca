package io.tribunal.protocol.job;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.model.MlpSpec;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The one translation of a signed job into {@code JobMarket.submitJob}'s arguments: the request,
 * its signature and permit, and the preimages of its hyperParamsHash and modelSpecHash, which the
 * market checks with the dispute game's validator.
 */
public final class SubmitJobCall {
  private SubmitJobCall() {}

  public static RemoteFunctionCall<TransactionReceipt> of(
      JobMarket market,
      JobRequest request,
      byte[] signature,
      JobMarket.PermitData permit,
      JobHashes.HyperParams hp,
      MlpSpec spec) {
    return market.submitJob(request.toWrapper(), signature, permit, hyperParams(hp), widths(spec));
  }

  /**
   * An op-graph job: its model words are {@code [0, work >> 32, work & 0xffffffff]}, the graph's
   * declared work per step ({@code GraphCost.elementWork}), which sizes the commit window; the
   * graph itself (the request's modelSpecHash is its root) is the solver's to check before it
   * claims.
   */
  public static RemoteFunctionCall<TransactionReceipt> ofGraph(
      JobMarket market,
      JobRequest request,
      byte[] signature,
      JobMarket.PermitData permit,
      JobHashes.HyperParams hp,
      BigInteger workPerStep) {
    return market.submitJob(
        request.toWrapper(), signature, permit, hyperParams(hp), graphWords(workPerStep));
  }

  /** The model words of an op-graph job declaring {@code workPerStep} (at most 2^64 − 1). */
  public static List<BigInteger> graphWords(BigInteger workPerStep) {
    if (workPerStep.signum() < 0 || workPerStep.bitLength() > 64) {
      throw new IllegalArgumentException("work per step must fit 64 bits: " + workPerStep);
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    return List.of(BigInteger.ZERO, workPerStep.shiftRight(32), workPerStep.and(mask));
  }

  public static JobMarket.HyperParams hyperParams(JobHashes.HyperParams hp) {
    return new JobMarket.HyperParams(
        BigInteger.valueOf(hp.batch()),
        BigInteger.valueOf(hp.eta()),
        BigInteger.valueOf(hp.datasetSize()));
  }

  public static List<BigInteger> widths(MlpSpec spec) {
    return spec.widths().stream().map(BigInteger::valueOf).toList();
  }
}
