package io.tribunal.protocol.dispute;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Maps each {@link Move} to its wrapper call (exhaustive over the sealed interface). */
final class MoveCalls {
  private MoveCalls() {}

  static RemoteFunctionCall<TransactionReceipt> of(DisputeGame g, BigInteger id, Move move) {
    return switch (move) {
      case Move.RevealTrace m -> g.revealTrace(id, m.treeRoot().bytes(), raw(m.children()));
      case Move.RevealInit m ->
          g.revealInit(id, m.treeRoot().bytes(), raw(m.leaf0Proof()), raw(m.paramRoots()));
      case Move.ProveModel m -> g.proveModel(id, m.treeRoot().bytes(), raw(m.lastLeafProof()));
      case Move.Reveal m -> g.reveal(id, raw(m.children()));
      case Move.PostInterval m ->
          g.postInterval(
              id,
              new DisputeGame.IntervalReveal(
                  m.agreedLeaf().bytes(),
                  raw(m.predProof()),
                  m.intervalRoot().bytes(),
                  raw(m.firstProof()),
                  raw(m.lastProof()),
                  raw(m.children())));
      case Move.RevealInitState m -> g.revealInitState(id, raw(m.paramRoots()));
      case Move.RevealStep m ->
          g.revealStep(
              id,
              new DisputeGame.StepReveal(
                  m.agreedLeaf().bytes(),
                  raw(m.predProof()),
                  raw(m.paramRoots()),
                  raw(m.opRoots())));
      case Move.OpenRow m -> g.openRow(id, m.row());
      case Move.ProveLeaf m ->
          g.proveLeaf(
              id,
              new DisputeGame.LeafReveal(
                  m.outRow(),
                  m.in0(),
                  raw(m.proof0()),
                  m.in1(),
                  raw(m.proof1()),
                  opening(m.opening())));
      case Move.Pick m -> g.pick(id, raw(m.children()), BigInteger.valueOf(m.child()));
      case Move.PickTensor m ->
          g.pickTensor(id, raw(m.roots()), BigInteger.valueOf(m.tensor()), opening(m.opening()));
      case Move.PickColumn m -> g.pickColumn(id, BigInteger.valueOf(m.col()));
      case Move.ResolveTimeout m -> g.resolveTimeout(id);
    };
  }

  private static DisputeGame.NodeOpening opening(NodeOpening o) {
    return new DisputeGame.NodeOpening(
        o.node(),
        raw(o.proof()),
        o.input0(),
        raw(o.input0Proof()),
        o.input1(),
        raw(o.input1Proof()));
  }

  private static List<byte[]> raw(List<Hash32> hashes) {
    return hashes.stream().map(Hash32::bytes).toList();
  }
}
