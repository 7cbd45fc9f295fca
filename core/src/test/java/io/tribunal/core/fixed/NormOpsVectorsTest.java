package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.OpsByName;
import io.tribunal.core.ops.RowSource;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed norm-ops vectors (read by NormOps.t.sol too) equal what the Java rules produce, and
 * every op vector's output is recomputed from exactly the rows it lists.
 */
class NormOpsVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(NormOpsVectors.FILE);
    String generated = NormOpsVectors.JSON.writeValueAsString(NormOpsVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as("vectors/norm-ops.json is stale: rerun NormOpsVectors.main after a rule change")
        .isTrue();
  }

  @Test
  void everyOpHasAtLeastTwelveCasesEachRecomputedFromItsListedRowsOnly() throws Exception {
    JsonNode committed = NormOpsVectors.JSON.readTree(Files.readString(NormOpsVectors.FILE));
    Map<String, Integer> perOp = new HashMap<>();
    for (JsonNode c : committed.get("ops")) {
      Op op = OpsByName.fromVector(c);
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
    assertThat(perOp).hasSize(9);
    assertThat(perOp.values()).allMatch(n -> n >= 12);
  }
}
