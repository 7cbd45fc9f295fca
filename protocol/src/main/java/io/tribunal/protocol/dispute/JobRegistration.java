package io.tribunal.protocol.dispute;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.job.JobHashes;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The one translation of a job into {@code DisputeGame.registerJob}'s arguments: the user-signed
 * request (checked on chain against the job id), the hyper-parameters (against hyperParamsHash) and
 * the layer widths (against modelSpecHash).
 */
public final class JobRegistration {
  private JobRegistration() {}

  /** The call, for any DisputeGame wrapper (send it, or encode it for the journal). */
  public static RemoteFunctionCall<TransactionReceipt> call(
      DisputeGame game, JobRequest r, JobHashes.HyperParams hp, List<Integer> widths) {
    return game.registerJob(
        request(r), hyperParams(hp), widths.stream().map(BigInteger::valueOf).toList());
  }

  /**
   * {@code DisputeGame.registerGraphJob}: an op-graph job, registered from every node of its graph
   * (the contract checks they hash to the request's modelSpecHash).
   */
  public static RemoteFunctionCall<TransactionReceipt> graph(
      DisputeGame game, JobRequest r, JobHashes.HyperParams hp, OpGraph graph) {
    List<byte[]> nodes = graph.nodes().stream().map(GraphNode::encode).toList();
    return game.registerGraphJob(request(r), hyperParams(hp), nodes);
  }

  private static DisputeGame.HyperParams hyperParams(JobHashes.HyperParams hp) {
    return new DisputeGame.HyperParams(
        BigInteger.valueOf(hp.batch()),
        BigInteger.valueOf(hp.eta()),
        BigInteger.valueOf(hp.datasetSize()));
  }

  private static DisputeGame.JobRequest request(JobRequest r) {
    return new DisputeGame.JobRequest(
        r.user(),
        r.modelSpecHash().bytes(),
        r.datasetRoot().bytes(),
        r.datasetURI(),
        r.hyperParamsHash().bytes(),
        r.steps(),
        r.seed(),
        r.price(),
        r.collateral(),
        r.claimDeadline(),
        r.commitDeadline(),
        r.nonce());
  }
}
