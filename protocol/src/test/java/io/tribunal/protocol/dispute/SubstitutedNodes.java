package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * A graph trace whose moves open another node than the one the game is about (an adversary's
 * substitution): its pick opens node {@code substitute} with that node's own valid proof, and its
 * leaf opens it in place of the disputed node. Everything else is the wrapped trace's.
 */
final class SubstitutedNodes implements TraceSource {
  private final GraphTrace trace;
  private final int substitute;

  SubstitutedNodes(GraphTrace trace, int substitute) {
    this.trace = trace;
    this.substitute = substitute;
  }

  private NodeOpening substitute() {
    return NodeOpening.of(trace.graph().node(substitute).encode(), trace.graph().proof(substitute));
  }

  @Override
  public NodeOpening pickOpening(boolean atInit, int tensor) {
    return substitute();
  }

  @Override
  public Move.ProveLeaf leaf(Pinpoint p) {
    Move.ProveLeaf honest = trace.leaf(p);
    NodeOpening o = honest.opening();
    NodeOpening swapped =
        new NodeOpening(
            substitute().node(),
            substitute().proof(),
            o.input0(),
            o.input0Proof(),
            o.input1(),
            o.input1Proof());
    return new Move.ProveLeaf(
        honest.outRow(), honest.in0(), honest.proof0(), honest.in1(), honest.proof1(), swapped);
  }

  @Override
  public Hash32 configHash() {
    return trace.configHash();
  }

  @Override
  public long steps() {
    return trace.steps();
  }

  @Override
  public long interval() {
    return trace.interval();
  }

  @Override
  public int parameterCount() {
    return trace.parameterCount();
  }

  @Override
  public List<Hash32> traceLeaves() {
    return trace.traceLeaves();
  }

  @Override
  public Hash32 finalModelHash() {
    return trace.finalModelHash();
  }

  @Override
  public List<Hash32> stepLeaves(long first, long last) {
    return trace.stepLeaves(first, last);
  }

  @Override
  public List<Tensor> parameters(long step) {
    return trace.parameters(step);
  }

  @Override
  public List<Tensor> opOutputs(long step) {
    return trace.opOutputs(step);
  }
}
