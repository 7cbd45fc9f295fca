package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed optimizer-family vectors (read by contracts/test/dispute/OptimizerOps.t.sol) equal
 * what the Java rules produce, every op case recomputes from exactly the rows it lists, and every
 * op has at least 8 cases (AdamW at step 0, inside and after warm-up, and at step 2^20).
 */
class OptimizerOpsVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(OptimizerOpsVectors.FILE);
    String generated =
        OptimizerOpsVectors.JSON.writeValueAsString(OptimizerOpsVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as(
            "vectors/optimizer-ops.json is stale: rerun OptimizerOpsVectors.main after a rule change")
        .isTrue();
  }

  @Test
  void everyOpCaseRecomputesFromItsListedRowsOnly() throws Exception {
    JsonNode committed =
        OptimizerOpsVectors.JSON.readTree(Files.readString(OptimizerOpsVectors.FILE));
    Map<String, Integer> perOp = new HashMap<>();
    Set<Long> adamSteps = new HashSet<>();
    for (JsonNode c : committed.get("ops")) {
      long[] attrs = new long[c.get("attrs").size()];
      for (int i = 0; i < attrs.length; i++) {
        attrs[i] = c.get("attrs").get(i).asLong();
      }
      Op op = OptimizerOpsVectors.op(c.get("op").asText(), attrs);
      assertThat(op.attributes()).isEqualTo(attrs);
      perOp.merge(op.name(), 1, Integer::sum);
      if (op instanceof AdamWUpdate a) {
        adamSteps.add(a.step());
      }
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
    }
    assertThat(perOp).hasSize(9);
    assertThat(perOp.values()).allMatch(n -> n >= 8);
    assertThat(adamSteps).contains(0L, 4L, 10L, 1L << 20);
  }
}
