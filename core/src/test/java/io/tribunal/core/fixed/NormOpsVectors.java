package io.tribunal.core.fixed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import io.tribunal.core.ops.ConcatColumns;
import io.tribunal.core.ops.Gelu;
import io.tribunal.core.ops.GeluBackward;
import io.tribunal.core.ops.LayerNormApply;
import io.tribunal.core.ops.LayerNormBackward;
import io.tribunal.core.ops.LayerNormBackwardStats;
import io.tribunal.core.ops.LayerNormStats;
import io.tribunal.core.ops.MulColumn;
import io.tribunal.core.ops.MulElementwise;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the shared vectors of the layer-normalisation and GELU ops
 * (src/test/resources/vectors/norm-ops.json) that NormOps.sol must reproduce bit for bit: the
 * scalar rules (mean, rstd, normalize, mean of products, the input gradient, sigmoid, the GELU
 * argument, gelu and its derivative) and at least 12 element cases per op with extremes, zeros,
 * one-column rows, widths around the 8-element word and realistic well-scaled rows. Deterministic
 * (fixed Random seed); run {@code main} to rewrite the file after an intentional rule change.
 */
public final class NormOpsVectors {
  static final Path FILE = Path.of("src", "test", "resources", "vectors", "norm-ops.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Cases per op: cycles through extreme, small, arbitrary and well-scaled inputs. */
  static final int CASES_PER_OP = 16;

  private static final int[] WIDTHS = {1, 2, 7, 8, 9, 16, 17, 33};
  private static final long[] EPS = {1, 655, Fixed.ONE, FixedNorm.MAX_EPS};

  private NormOpsVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  static ObjectNode generate() {
    Random r = new Random(20260717);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "tribunal-norm-ops-vectors-v1");
    root.put("fracBits", Fixed.FRAC_BITS);
    root.put("doc", "docs/network-ops.md");
    NormScalarVectors.add(root, r);
    ArrayNode ops = root.putArray("ops");
    for (int i = 0; i < CASES_PER_OP; i++) {
      int mode = i % 4;
      int m = 1 + r.nextInt(3);
      int d = WIDTHS[i % WIDTHS.length];
      Tensor x = tensor(r, m, d, mode);
      Tensor stats = new LayerNormStats(EPS[i % EPS.length]).compute(List.of(x), Parallel.serial());
      Tensor g = tensor(r, m, d, mode);
      Tensor xhat = new LayerNormApply().compute(List.of(x, stats), Parallel.serial());
      Tensor usedStats = i % 3 == 2 ? tensor(r, m, 2, mode) : stats;
      Tensor usedXhat = i % 3 == 2 ? tensor(r, m, d, mode) : xhat;
      if (i == 5) {
        x = constantRows(m, d, TestValues.value(r, 2)); // zero variance: rstd = 1 / sqrt(eps)
      }
      addOp(ops, r, new LayerNormStats(EPS[i % EPS.length]), List.of(x));
      addOp(ops, r, new LayerNormApply(), List.of(x, usedStats));
      addOp(ops, r, new MulColumn(), List.of(x, tensor(r, d, 1, mode)));
      addOp(ops, r, new LayerNormBackwardStats(), List.of(g, usedXhat));
      Tensor b = new LayerNormBackwardStats().compute(List.of(g, usedXhat), Parallel.serial());
      Tensor p = new ConcatColumns().compute(List.of(g, usedXhat), Parallel.serial());
      Tensor t = new ConcatColumns().compute(List.of(b, usedStats), Parallel.serial());
      addOp(ops, r, new LayerNormBackward(), List.of(p, i % 3 == 1 ? tensor(r, m, 4, mode) : t));
      int q = i == 0 ? 0 : WIDTHS[(i + 3) % WIDTHS.length];
      addOp(
          ops,
          r,
          new ConcatColumns(),
          List.of(tensor(r, m, i == 1 ? 0 : d, mode), tensor(r, m, q, mode)));
      addOp(ops, r, new MulElementwise(), List.of(x, g));
      Tensor pre = i % 4 == 3 ? geluRange(r, m, d) : x;
      addOp(ops, r, new Gelu(), List.of(pre));
      addOp(ops, r, new GeluBackward(), List.of(g, pre));
    }
    return root;
  }

  /** Mode 0-2 as {@link TestValues}; mode 3 well-scaled values in (-4.0, 4.0). */
  static Tensor tensor(Random r, int rows, int cols, int mode) {
    if (mode < 3) {
      return TestValues.tensor(r, rows, cols, mode);
    }
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(8 * Fixed.ONE) - 4 * Fixed.ONE;
      }
    }
    return Tensor.wrap(cols, t);
  }

  private static Tensor geluRange(Random r, int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(20 * Fixed.ONE) - 10 * Fixed.ONE;
      }
    }
    return Tensor.wrap(cols, t);
  }

  private static Tensor constantRows(int rows, int cols, int v) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      java.util.Arrays.fill(row, v);
    }
    return Tensor.wrap(cols, t);
  }

  static void addOp(ArrayNode ops, Random r, Op op, List<Tensor> inputs) {
    Tensor out = op.compute(inputs, Parallel.serial());
    int row = r.nextInt(out.rows());
    int col = r.nextInt(out.cols());
    ObjectNode c = ops.addObject();
    c.put("op", op.name());
    c.set("attributes", JSON.valueToTree(op.attributes()));
    c.set("position", JSON.valueToTree(new int[] {row, col}));
    ArrayNode rows = c.putArray("rows");
    for (RowRef ref : op.dependencies(row, col, Op.shapes(inputs))) {
      ObjectNode o = rows.addObject();
      o.put("input", ref.input()).put("row", ref.row());
      o.set("values", JSON.valueToTree(inputs.get(ref.input()).row(ref.row())));
    }
    c.put("out", out.get(row, col));
  }
}
