package io.tribunal.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedExp;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the attention family's shared vectors (src/test/resources/vectors/attention-ops.json)
 * that the Solidity evaluator (AttentionOps.sol) must reproduce bit for bit: element cases of every
 * attention op (op name, attributes in {@link Op#attributes()} order, output position, the declared
 * rows with their values, and the whole-tensor result at that position) and cases of the prefix
 * softmax rule. Deterministic: fixed Random seeds. Run {@code main} after an intentional rule
 * change.
 */
public final class AttentionOpsVectors {
  static final Path FILE = Path.of("src", "test", "resources", "vectors", "attention-ops.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Cases per op; the first ones sit on borders (first/last row and column, block edges). */
  static final int CASES_PER_OP = 12;

  private AttentionOpsVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  static ObjectNode generate() {
    Random r = new Random(20260611);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "tribunal-attention-ops-vectors-v1");
    root.put("fracBits", Fixed.FRAC_BITS);
    root.put("doc", "docs/network-ops.md");
    root.set("softmaxPrefix", softmaxPrefix(r));
    ArrayNode ops = root.putArray("ops");
    for (int i = 0; i < CASES_PER_OP; i++) {
      int mode = i % 3;
      int t = i == 0 ? 1 : 1 + r.nextInt(6);
      int heads = 1 + r.nextInt(3);
      int dh = 1 + r.nextInt(i == 1 ? 12 : 5);
      int batch = 1 + r.nextInt(2);
      int g = batch * heads;
      Tensor x = input(r, i, batch * t, heads * dh, mode);
      add(ops, r, i, new SplitHeads(t, heads), List.of(x));
      add(ops, r, i, new MergeHeads(t, heads, dh), List.of(input(r, i, g * t, dh, mode)));
      int k = i % 4 == 0 ? t : 1 + r.nextInt(5);
      int inner = i == 2 ? 0 : 1 + r.nextInt(i == 1 ? 20 : 9);
      add(
          ops,
          r,
          i,
          new BlockMatMul(t, k),
          List.of(input(r, i, g * t, inner, mode), input(r, i, g * k, inner, mode)));
      add(ops, r, i, new BlockTranspose(t, dh), List.of(input(r, i, g * t, dh, mode)));
      int[] factors = {16384, 11585, 0, Fixed.ONE, Integer.MAX_VALUE, 1};
      add(ops, r, i, new ScaleBy(factors[i % factors.length]), List.of(x));
      int context = i < 2 ? 1 + i : (i == 5 ? 2 : 1) + r.nextInt(11);
      Tensor s =
          mode != 0 ? scores(r, g * context, context) : input(r, i, g * context, context, mode);
      add(ops, r, i, new CausalSoftmax(context), List.of(s));
      Tensor p = new CausalSoftmax(context).compute(List.of(s), Parallel.serial());
      Tensor probabilities = mode == 0 ? input(r, i, p.rows(), context, mode) : p;
      add(
          ops,
          r,
          i,
          new SoftmaxBackward(),
          List.of(
              probabilities,
              mode == 2 ? scores(r, p.rows(), context) : input(r, i, p.rows(), context, mode)));
    }
    return root;
  }

  /** Case 3 of every op is all zeros; otherwise TestValues in the given mode. */
  private static Tensor input(Random r, int i, int rows, int cols, int mode) {
    return i == 3 ? Tensor.zeros(rows, cols) : TestValues.tensor(r, rows, cols, mode);
  }

  /** Attention-like scores within +-4.0, so many exp terms of a prefix are non-zero. */
  private static Tensor scores(Random r, int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(8 * Fixed.ONE) - 4 * Fixed.ONE;
      }
    }
    return Tensor.wrap(cols, t);
  }

  private static ArrayNode softmaxPrefix(Random r) {
    ArrayNode cases = JSON.createArrayNode();
    for (int i = 0; i < 24; i++) {
      int[] z =
          i % 2 == 1
              ? scores(r, 1, 1 + r.nextInt(16)).row(0)
              : TestValues.tensor(r, 1, 1 + r.nextInt(12), i % 3).row(0);
      int n = i == 0 ? 0 : i == 2 ? z.length : 1 + r.nextInt(z.length);
      int k = i == 4 ? n : r.nextInt(Math.max(1, n));
      ObjectNode c = cases.addObject();
      c.set("logits", JSON.valueToTree(z));
      c.put("n", n).put("k", k).put("out", FixedExp.softmaxPrefixAt(z, n, k));
    }
    return cases;
  }

  /**
   * One element case: case 0 takes the first position, case 1 the last, case 2 the last column of
   * the first row, the others a random position (for the softmax ops an unmasked column, except
   * causal_softmax case 5: a masked one).
   */
  static void add(ArrayNode ops, Random r, int i, Op op, List<Tensor> inputs) {
    Tensor out = op.compute(inputs, Parallel.serial());
    int row =
        switch (i) {
          case 0, 2 -> 0;
          case 1 -> out.rows() - 1;
          default -> r.nextInt(out.rows());
        };
    int col =
        switch (i) {
          case 0 -> 0;
          case 1, 2 -> out.cols() - 1;
          default -> r.nextInt(out.cols());
        };
    boolean causal = op instanceof CausalSoftmax || op instanceof SoftmaxBackward;
    if (causal && i >= 3 && i != 5) {
      col = r.nextInt(row % out.cols() + 1); // an unmasked column
    }
    if (op instanceof CausalSoftmax c && i == 5 && c.context() > 1) {
      row = r.nextInt(out.rows() / c.context()) * c.context() + r.nextInt(c.context() - 1);
      col = row % c.context() + 1 + r.nextInt(c.context() - row % c.context() - 1);
    }
    ObjectNode c = ops.addObject();
    c.put("op", op.name());
    c.set("attrs", JSON.valueToTree(op.attributes()));
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
