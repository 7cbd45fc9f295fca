package io.tribunal.explorer.index;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.protocol.dispute.EventNames;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.NodeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Applies the DisputeGame's per-game events to the games of a {@link Ledger}: each becomes a move.
 * The game's phase, clocks and pinpoint come from the contract's {@code gameView}, read for every
 * game this returns.
 */
public final class GameEvents {
  private final Ledger ledger;

  private static final String GRAPH_JOB_NODES =
      EventEncoder.encode(DisputeGame.GRAPHJOBNODES_EVENT);

  public GameEvents(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Applies one DisputeGame log mined at chain time {@code time}; returns the game it touched. */
  public Optional<Long> apply(Log log, long time) {
    if (!log.getTopics().isEmpty() && log.getTopics().get(0).equals(GRAPH_JOB_NODES)) {
      graphNodes(log);
      return Optional.empty();
    }
    if (EventNames.of(log).isEmpty() || log.getTopics().size() < 2) {
      return Optional.empty();
    }
    long id = Numeric.toBigInt(log.getTopics().get(1)).longValueExact();
    ledger.game(id).track.add(log, time);
    return Optional.of(id);
  }

  /**
   * An op-graph job's nodes, as its registration published them: the names of its ops, in op order,
   * for its game pages ("node 23 = layer_norm_stats(node 21)").
   */
  private void graphNodes(Log log) {
    try {
      List<byte[]> nodes = DisputeGame.getGraphJobNodesEventFromLog(log).nodes;
      List<String> ops = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        GraphNode n = GraphNode.decode(nodes.get(i));
        int id = i;
        NodeKind.op(n.kind())
            .ifPresent(
                op ->
                    ops.add(
                        "node "
                            + id
                            + " = "
                            + op.name().toLowerCase(Locale.ROOT)
                            + "(node "
                            + n.in0()
                            + (n.in1() == GraphNode.NONE ? "" : ", node " + n.in1())
                            + ")"));
      }
      JobState j = ledger.job(log.getTopics().get(1).toLowerCase(Locale.ROOT));
      j.graphOps = List.copyOf(ops);
      j.touch();
    } catch (RuntimeException e) { // not a graph this version decodes: the page shows indexes
    }
  }
}
