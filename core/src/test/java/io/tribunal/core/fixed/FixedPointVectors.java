package io.tribunal.core.fixed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.StateHash;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.KeccakRng;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the shared test vectors (src/test/resources/vectors/fixed-point.json) that the Solidity
 * leaf evaluator must reproduce bit for bit. Deterministic: a fixed Random seed, so regenerating
 * gives the same file. int64 quantities are strings, int32 ones numbers.
 *
 * <p>Run {@code main} to rewrite the file after an intentional rule change.
 */
public final class FixedPointVectors {
  static final Path FILE = Path.of("src", "test", "resources", "vectors", "fixed-point.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FixedPointVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  static ObjectNode generate() {
    Random r = new Random(20260101);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "tribunal-fixed-point-vectors-v1");
    root.put("fracBits", Fixed.FRAC_BITS);
    root.put("etaBits", Fixed.ETA_BITS);
    root.put("doc", "docs/fixed-point.md");
    ArrayNode rs = root.putArray("roundShift");
    long[] xs = {0, 1, -1, 32767, 32768, -32768, -32769, 98304, -98304, 1L << 40, -(1L << 40) - 5};
    for (long x : xs) {
      rs.addObject()
          .put("x", Long.toString(x))
          .put("s", 16)
          .put("out", Long.toString(Fixed.roundShift(x, 16)));
    }
    ArrayNode mul = root.putArray("mul");
    for (int i = 0; i < 40; i++) {
      int a = TestValues.value(r, i % 3);
      int b = TestValues.value(r, i % 3);
      mul.addObject().put("a", a).put("b", b).put("out", Fixed.mul(a, b));
    }
    ArrayNode dot = root.putArray("dot");
    for (int i = 0; i < 30; i++) {
      int n = 1 + r.nextInt(8);
      int[] a = TestValues.tensor(r, 1, n, i % 3).row(0);
      int[] b = TestValues.tensor(r, 1, n, i % 3).row(0);
      ObjectNode c = dot.addObject();
      c.set("a", JSON.valueToTree(a));
      c.set("b", JSON.valueToTree(b));
      c.put("out", Fixed.dot(a, b));
    }
    ArrayNode exp = root.putArray("exp");
    long[] ex = {
      0, -1, -32768, -65536, -45426, -200000, -1000000, -4194304, -4194305, 7, Long.MIN_VALUE / 2
    };
    for (long x : ex) {
      exp.addObject().put("x", Long.toString(x)).put("out", FixedExp.expNonPositive(x));
    }
    for (int i = 0; i < 20; i++) {
      long x = -(long) r.nextInt(20 * Fixed.ONE);
      exp.addObject().put("x", Long.toString(x)).put("out", FixedExp.expNonPositive(x));
    }
    ArrayNode softmax = root.putArray("softmax");
    for (int i = 0; i < 20; i++) {
      int[] z = TestValues.tensor(r, 1, 1 + r.nextInt(10), i % 3).row(0);
      int k = r.nextInt(z.length);
      ObjectNode c = softmax.addObject();
      c.set("logits", JSON.valueToTree(z));
      c.put("k", k).put("out", FixedExp.softmaxAt(z, k));
    }
    ArrayNode sgd = root.putArray("sgd");
    for (int i = 0; i < 30; i++) {
      int w = TestValues.value(r, i % 3);
      int g = TestValues.value(r, i % 3);
      long eta = i % 5 == 0 ? SgdUpdate.MAX_ETA : r.nextInt(1 << 20);
      sgd.addObject()
          .put("w", w)
          .put("g", g)
          .put("eta", Long.toString(eta))
          .put("out", Fixed.sgd(w, g, eta));
    }
    int[] edges = {
      Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, Fixed.ONE, -Fixed.ONE, 2, Fixed.ONE * 4, 3
    };
    Random roots = new Random(0x5157); // its own stream: the older entries keep their values
    ArrayNode sqrt = root.putArray("sqrt");
    for (int x : edges) {
      sqrt.addObject().put("x", x).put("out", Fixed.sqrt(x));
    }
    for (int i = 0; i < 20; i++) {
      int x = TestValues.value(roots, i % 3);
      sqrt.addObject().put("x", x).put("out", Fixed.sqrt(x));
    }
    ArrayNode div = root.putArray("div");
    for (int a : edges) {
      for (int b : new int[] {0, 1, -1, Fixed.ONE, -3 * Fixed.ONE, Integer.MIN_VALUE}) {
        div.addObject().put("a", a).put("b", b).put("out", Fixed.div(a, b));
      }
    }
    for (int i = 0; i < 30; i++) {
      int a = TestValues.value(roots, i % 3);
      int b = TestValues.value(roots, (i + 1) % 3);
      div.addObject().put("a", a).put("b", b).put("out", Fixed.div(a, b));
    }
    root.set("ops", ops(r));
    root.set("generator", generator());
    root.set("commitments", commitments(r));
    FixedPointVectorsLeaf.extend(root);
    return root;
  }

  private static ArrayNode ops(Random r) {
    ArrayNode ops = JSON.createArrayNode();
    for (int i = 0; i < 8; i++) {
      int mode = i % 3;
      int m = 1 + r.nextInt(3);
      int k = 1 + r.nextInt(5);
      int n = 1 + r.nextInt(3);
      Tensor a = TestValues.tensor(r, m, k, mode);
      int[][] labels = new int[m][1];
      for (int b = 0; b < m; b++) {
        labels[b][0] = r.nextInt(k);
      }
      addOp(ops, r, new MatMul(), List.of(a, TestValues.tensor(r, n, k, mode)));
      addOp(ops, r, new Transpose(), List.of(a));
      addOp(ops, r, new AddBias(), List.of(a, TestValues.tensor(r, k, 1, mode)));
      addOp(ops, r, new Relu(), List.of(a));
      addOp(ops, r, new ReluBackward(), List.of(a, TestValues.tensor(r, m, k, mode)));
      addOp(ops, r, new SoftmaxXentGrad(), List.of(a, Tensor.wrap(1, labels)));
      addOp(ops, r, new RowSum(), List.of(a));
      addOp(ops, r, new SgdUpdate(52429), List.of(a, TestValues.tensor(r, m, k, mode)));
      addOp(ops, r, new GatherRows(new int[] {m - 1, 0}), List.of(a));
    }
    return ops;
  }

  static void addOp(ArrayNode ops, Random r, Op op, List<Tensor> inputs) {
    Tensor out = op.compute(inputs, Parallel.serial());
    int row = r.nextInt(out.rows());
    int col = r.nextInt(out.cols());
    ObjectNode c = ops.addObject();
    c.put("op", op.name());
    if (op instanceof SgdUpdate s) {
      c.put("eta", Long.toString(s.eta()));
    }
    if (op instanceof GatherRows g) {
      c.set("indices", JSON.valueToTree(g.indices()));
    }
    c.set("position", JSON.valueToTree(new int[] {row, col}));
    ArrayNode rows = c.putArray("rows");
    for (RowRef ref : op.dependencies(row, col, Op.shapes(inputs))) {
      ObjectNode o = rows.addObject();
      o.put("input", ref.input()).put("row", ref.row());
      o.set("values", JSON.valueToTree(inputs.get(ref.input()).row(ref.row())));
    }
    c.put("out", out.get(row, col));
  }

  private static ObjectNode generator() {
    ObjectNode g = JSON.createObjectNode();
    ArrayNode words = g.putArray("words");
    long[][] args = {
      {1, KeccakRng.TAG_INIT, 0, 0},
      {1, KeccakRng.TAG_BATCH, 0, 0},
      {42, KeccakRng.TAG_BATCH, 2499, 31}
    };
    for (long[] a : args) {
      words
          .addObject()
          .put("seed", Long.toString(a[0]))
          .put("tag", a[1])
          .put("a", Long.toString(a[2]))
          .put("counter", Long.toString(a[3]))
          .put("word", KeccakRng.word(a[0], a[1], a[2], a[3]).hex());
    }
    ArrayNode amps = g.putArray("initAmplitude");
    for (int fanIn : new int[] {1, 10, 128, 784}) {
      amps.addObject().put("fanIn", fanIn).put("amplitude", Initializer.amplitude(fanIn));
    }
    Tensor w =
        Initializer.initialParameters(io.tribunal.core.model.MlpSpec.parse("mlp:3-2-2"), 9).get(0);
    g.set("initW1_mlp_3_2_2_seed9", JSON.valueToTree(w.data()));
    g.set(
        "batchIndices_seed1_step0_b8_n8000", JSON.valueToTree(BatchSampler.indices(1, 0, 8, 8000)));
    return g;
  }

  private static ObjectNode commitments(Random r) {
    ObjectNode c = JSON.createObjectNode();
    Tensor a = TestValues.tensor(r, 3, 4, 0);
    Tensor b = Tensor.of(new int[][] {{5}, {-6}});
    c.set("tensorA", JSON.valueToTree(a.data()));
    c.put("tensorARoot", TensorCommitment.of(a).root().hex());
    c.put("tensorARow1Leaf", TensorCommitment.rowLeaf(1, a.row(1)).hex());
    c.set("tensorB", JSON.valueToTree(b.data()));
    c.put("tensorBRoot", TensorCommitment.of(b).root().hex());
    Hash32 h =
        StateHash.of(7, List.of(TensorCommitment.of(a).root(), TensorCommitment.of(b).root()));
    c.put("stateHash_step7_A_B", h.hex());
    return c;
  }
}
