package io.tribunal.protocol.dispute;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.graph.GraphCost;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SubmitJobCall;

/**
 * An op-graph job on the fixture's chain: the request's modelSpecHash is the graph root, eta is 0
 * (step sizes are graph attributes), the market gets the graph's declared work per step, and the
 * game registers the job from every node of the graph.
 */
record GraphJobShape(GraphTraceSource trace, String datasetUri) implements DisputeFixture.JobShape {
  private OpGraph graph() {
    return trace.graph();
  }

  @Override
  public Hash32 modelSpecHash() {
    return graph().root();
  }

  @Override
  public Hash32 datasetRoot() {
    return trace.datasetCommitment().root();
  }

  @Override
  public JobHashes.HyperParams hyperParams() {
    return new JobHashes.HyperParams(graph().batch(), 0, trace.train().size());
  }

  @Override
  public long seed() {
    return trace.seed();
  }

  @Override
  public void submit(JobMarket market, JobRequest request, byte[] signature, SignedPermit permit)
      throws Exception {
    SubmitJobCall.ofGraph(
            market,
            request,
            signature,
            permit.forJobMarket(),
            hyperParams(),
            GraphCost.of(graph()).elementWork())
        .send();
  }

  @Override
  public void register(DisputeGame game, JobRequest request) throws Exception {
    JobRegistration.graph(game, request, hyperParams(), graph()).send();
  }
}
