package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.OpsByName;
import io.tribunal.core.ops.RowSource;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed shared vectors (read by the Solidity tests too) equal what the Java rules produce,
 * and every op vector's output is recomputed from exactly the rows it lists.
 */
class FixedPointVectorsTest {
  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(FixedPointVectors.FILE);
    String generated =
        FixedPointVectors.JSON.writeValueAsString(FixedPointVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as("vectors/fixed-point.json is stale: rerun FixedPointVectors.main after a rule change")
        .isTrue();
  }

  @Test
  void everyOpVectorRecomputesFromItsListedRowsOnly() throws Exception {
    JsonNode committed = FixedPointVectors.JSON.readTree(Files.readString(FixedPointVectors.FILE));
    assertThat(committed.get("ops").size()).isGreaterThanOrEqualTo(72);
    List<JsonNode> cases = new ArrayList<>();
    committed.get("ops").forEach(cases::add);
    committed.get("opsWide").forEach(cases::add);
    for (JsonNode c : cases) {
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
    }
  }
}
