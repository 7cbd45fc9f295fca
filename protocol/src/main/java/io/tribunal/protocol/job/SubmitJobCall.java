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
