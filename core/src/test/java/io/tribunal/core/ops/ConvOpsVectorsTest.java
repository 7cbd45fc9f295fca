package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.fixed.FixedPool;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed conv-ops.json (read by ConvOps.t.sol too) is what the Java rules produce, and every
 * op case recomputes from exactly the rows it lists.
 */
class ConvOpsVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(ConvOpsVectors.FILE);
    String generated = ConvOpsVectors.JSON.writeValueAsString(ConvOpsVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as("vectors/conv-ops.json is stale: rerun ConvOpsVectors.main after a rule change")
        .isTrue();
  }

  @Test
  void everyCaseRecomputesFromItsListedRowsOnlyAndEveryOpHasEight() throws Exception {
    JsonNode root = ConvOpsVectors.JSON.readTree(Files.readString(ConvOpsVectors.FILE));
    Map<String, Integer> perOp = new HashMap<>();
    for (JsonNode c : root.get("ops")) {
      long[] attrs = new long[c.get("attributes").size()];
      for (int i = 0; i < attrs.length; i++) {
        attrs[i] = c.get("attributes").get(i).asLong();
      }
      Op op = ConvOpsVectors.op(c.get("op").asText(), attrs);
      assertThat(op.attributes()).isEqualTo(attrs);
      RowSource rows =
          (input, row) -> {
            for (JsonNode r : c.get("rows")) {
              if (r.get("input").asInt() == input && r.get("row").asInt() == row) {
                int[] v = new int[r.get("values").size()];
                for (int i = 0; i < v.length; i++) {
                  v[i] = r.get("values").get(i).asInt();
                }
                return v;
              }
            }
            throw new AssertionError("undeclared row " + row + " of input " + input);
          };
      int element =
          op.element(c.get("position").get(0).asInt(), c.get("position").get(1).asInt(), rows);
      assertThat(element).as(c.toString()).isEqualTo(c.get("out").asInt());
      perOp.merge(op.name(), 1, Integer::sum);
    }
    assertThat(perOp.keySet()).containsExactlyInAnyOrderElementsOf(ConvOpsVectors.OPS);
    assertThat(perOp.values()).allMatch(n -> n >= 8);
    for (JsonNode m : root.get("mean")) {
      assertThat(FixedPool.mean(m.get("sum").asLong(), m.get("count").asLong()))
          .isEqualTo(m.get("out").asInt());
    }
  }
}
