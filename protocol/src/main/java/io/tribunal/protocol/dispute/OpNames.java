package io.tribunal.protocol.dispute;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.MlpGraph;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpGraph;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names of a job's ops by op index (what a game's pinpoint names): an MLP job's from its
 * program, rebuilt from the registered widths; an op-graph job's from the nodes it was registered
 * with (the {@code GraphJobNodes} event). Empty for a job the game has not registered.
 */
public final class OpNames {
  private OpNames() {}

  public static List<String> of(DisputeChain chain, Hash32 job) {
    DisputeGame.JobConfig c = chain.jobConfig(job);
    List<BigInteger> words = c.widths;
    if (words.isEmpty()) {
      return List.of();
    }
    if (words.get(0).signum() == 0) {
      return ofGraph(chain.graphNodes(job).stream().map(GraphNode::decode).toList());
    }
    MlpSpec spec = new MlpSpec(words.stream().map(BigInteger::intValueExact).toList());
    OpGraph g =
        MlpGraph.of(
            spec,
            c.batch.intValueExact(),
            c.eta.longValueExact(),
            c.datasetSize.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValueExact());
    return ofGraph(g.nodes());
  }

  /** The op nodes' names in order (declarations skipped). */
  static List<String> ofGraph(List<GraphNode> nodes) {
    List<String> names = new ArrayList<>();
    for (GraphNode n : nodes) {
      NodeKind.op(n.kind()).ifPresent(op -> names.add(op.name().toLowerCase(Locale.ROOT)));
    }
    return names;
  }

  /** The pinpointed op's name, if the pinpoint names an op of {@code names}. */
  public static String describe(Pinpoint p, List<String> names) {
    if (p.atInit() || p.tensor().isEmpty() || p.tensor().getAsInt() >= names.size()) {
      return "";
    }
    return names.get(p.tensor().getAsInt());
  }
}
