package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.fixed.FixedExp;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed attention vectors (read by AttentionOps.t.sol too) equal what the Java rules
 * produce, every op of the family has at least 8 cases, and every case's output is recomputed from
 * exactly the rows it lists.
 */
class AttentionOpsVectorsTest {
  private static final List<String> FAMILY =
      List.of(
          "split_heads",
          "merge_heads",
          "block_matmul",
          "block_transpose",
          "scale",
          "causal_softmax",
          "softmax_backward");

  @Test
  void committedVectorFileEqualsTheJavaRules() throws Exception {
    String committed = Files.readString(AttentionOpsVectors.FILE);
    String generated =
        AttentionOpsVectors.JSON.writeValueAsString(AttentionOpsVectors.generate()) + "\n";
    assertThat(committed.equals(generated))
        .as(
            "vectors/attention-ops.json is stale: rerun AttentionOpsVectors.main after a rule change")
        .isTrue();
  }

  @Test
  void everyCaseRecomputesFromItsListedRowsOnly() throws Exception {
    JsonNode root = AttentionOpsVectors.JSON.readTree(Files.readString(AttentionOpsVectors.FILE));
    Map<String, Integer> perOp = new HashMap<>();
    for (JsonNode c : root.get("ops")) {
      Op op = OpsByName.fromVector(c);
      assertThat(op.name()).isEqualTo(c.get("op").asText());
      assertThat(c.get("rows").size()).isBetween(1, 2);
      RowSource rows =
          (input, row) -> {
            for (JsonNode r : c.get("rows")) {
              if (r.get("input").asInt() == input && r.get("row").asInt() == row) {
                return ints(r.get("values"));
              }
            }
            throw new AssertionError("undeclared row " + row + " of input " + input);
          };
      int element =
          op.element(c.get("position").get(0).asInt(), c.get("position").get(1).asInt(), rows);
      assertThat(element).as(c.toString()).isEqualTo(c.get("out").asInt());
      perOp.merge(op.name(), 1, Integer::sum);
    }
    assertThat(perOp.keySet()).containsExactlyInAnyOrderElementsOf(FAMILY);
    assertThat(perOp.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(8));
  }

  @Test
  void prefixSoftmaxCasesFollowTheRule() throws Exception {
    JsonNode root = AttentionOpsVectors.JSON.readTree(Files.readString(AttentionOpsVectors.FILE));
    assertThat(root.get("softmaxPrefix").size()).isGreaterThanOrEqualTo(8);
    for (JsonNode c : root.get("softmaxPrefix")) {
      int out =
          FixedExp.softmaxPrefixAt(ints(c.get("logits")), c.get("n").asInt(), c.get("k").asInt());
      assertThat(out).as(c.toString()).isEqualTo(c.get("out").asInt());
    }
  }

  private static int[] ints(JsonNode array) {
    int[] v = new int[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asInt();
    }
    return v;
  }
}
