package io.tribunal.explorer.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.MlpGraph;
import io.tribunal.protocol.graph.OpGraph;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;

/** An op-graph job's registered nodes name the ops of its game pages. */
class GraphJobNodesTest {
  private static final String JOB = "0x" + "ab".repeat(32);

  @Test
  void theRegisteredNodesBecomeTheJobsOpNamesInOpOrder() {
    OpGraph g = MlpGraph.of(new MlpSpec(List.of(4, 3, 2)), 2, 1, 10);
    Ledger ledger = new Ledger();
    assertThat(new GameEvents(ledger).apply(log(g), 0)).isEmpty();
    List<String> ops = ledger.job(JOB).entry().graphOps();
    assertThat(ops).hasSize(g.ops());
    assertThat(ops.get(0)).isEqualTo("node 6 = gather_rows(node 4)");
    assertThat(ops.get(2)).startsWith("node 8 = mat_mul(node 6, node 0)");
  }

  @Test
  void bytesThatAreNotNodesLeaveTheJobWithoutNames() {
    Ledger ledger = new Ledger();
    Log log = log(List.of(new byte[] {1, 2, 3}));
    new GameEvents(ledger).apply(log, 0);
    assertThat(ledger.job(JOB).entry().graphOps()).isEmpty();
  }

  private static Log log(OpGraph g) {
    return log(g.nodes().stream().map(GraphNode::encode).toList());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Log log(List<byte[]> nodes) {
    DynamicArray<DynamicBytes> array =
        new DynamicArray<>(DynamicBytes.class, nodes.stream().map(DynamicBytes::new).toList());
    Log log = new Log();
    log.setTopics(List.of(EventEncoder.encode(DisputeGame.GRAPHJOBNODES_EVENT), JOB));
    log.setData("0x" + FunctionEncoder.encodeConstructor(List.<Type>of(array)));
    return log;
  }
}
