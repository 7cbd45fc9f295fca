package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.ops.Op;
import io.tribunal.protocol.leaf.LeafOp;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpRowsVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(OpRowsVectors.FILE);
    String generated = OpRowsVectors.JSON.writeValueAsString(OpRowsVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as("contracts/test/vectors/op-rows.json is stale: rerun OpRowsVectors.main")
        .isTrue();
  }

  @Test
  void everyCaseIsANodeOfItsGraphAndReadsTheRowsItsOpDeclares() throws Exception {
    JsonNode root = OpRowsVectors.JSON.readTree(Files.readString(OpRowsVectors.FILE));
    Map<String, OpGraph> graphs = OpRowsVectors.graphs();
    Set<Integer> kinds = new HashSet<>();
    int cases = 0;
    for (JsonNode v : root.get("nodes")) {
      OpGraph g = graphs.get(v.get("graph").asText());
      GraphNode node = g.node(v.get("index").asInt());
      assertThat(node.kind()).isEqualTo(v.get("kind").asInt());
      assertThat(node.attrs()).containsExactly(longs(v.get("attrs")));
      int[] shapes = OpRowsVectors.inputShapes(g, node);
      assertThat(shapes).containsExactly(ints(v.get("shapes")));
      Op op = OpRowsVectors.op(node);
      assertThat(op.name()).isEqualTo(v.get("op").asText());
      for (JsonNode c : v.get("cases")) {
        int row = c.get(0).asInt();
        int col = c.get(1).asInt();
        assertThat(row).isBetween(0, node.rows() - 1);
        assertThat(col).isBetween(0, node.cols() - 1);
        assertThat(OpRowsVectors.rowsRead(op, row, col, shapes))
            .as("%s element %d,%d", op.name(), row, col)
            .containsExactly(c.get(2).asLong(), c.get(3).asLong());
        cases++;
      }
      kinds.add(node.kind());
    }
    assertThat(kinds)
        .hasSize(LeafOp.values().length - 1)
        .doesNotContain(LeafOp.GATHER_ROWS.index());
    assertThat(cases).isGreaterThan(500);
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
