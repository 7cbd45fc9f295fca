package io.tribunal.core.fixed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.RowProof;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * The vector sections the Solidity leaf evaluator needs beyond the scalar rules: row sums, a
 * 784-wide dot product of real initial weights, ops whose rows cross 32-byte words, row-leaf Merkle
 * proofs, initial-parameter elements and batch indices. Appended after the original sections with
 * their own Random, so the original sections are unchanged.
 */
final class FixedPointVectorsLeaf {
  private static final MlpSpec MNIST_MLP = MlpSpec.parse("mlp:784-128-10");

  private FixedPointVectorsLeaf() {}

  static void extend(ObjectNode root) {
    Random r = new Random(20260505);
    root.set("sum", sums(r));
    root.set("dotWide", dotWide(r));
    root.set("opsWide", opsWide(r));
    root.set("rowProofs", rowProofs(r));
    root.set("initElements", initElements());
    root.set("batchIndexCases", batchIndexCases());
  }

  private static ArrayNode sums(Random r) {
    ArrayNode sums = FixedPointVectors.JSON.createArrayNode();
    int[][] fixed = {
      {},
      {Integer.MAX_VALUE, 1},
      {Integer.MIN_VALUE, -1},
      {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE},
      {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 5}
    };
    for (int[] v : fixed) {
      addSum(sums, v);
    }
    for (int i = 0; i < 15; i++) {
      addSum(sums, TestValues.tensor(r, 1, 1 + r.nextInt(20), i % 3).row(0));
    }
    return sums;
  }

  private static void addSum(ArrayNode sums, int[] v) {
    ObjectNode c = sums.addObject();
    c.set("values", FixedPointVectors.JSON.valueToTree(v));
    c.put("out", Fixed.sum(v));
  }

  /** Row 5 of W1 (seed 1) of mlp:784-128-10 against a pixel-like input row: the widest check. */
  private static ObjectNode dotWide(Random r) {
    int[] w = Initializer.initialParameters(MNIST_MLP, 1).get(0).row(5);
    int[] x = new int[w.length];
    for (int k = 0; k < x.length; k++) {
      x[k] = r.nextInt(3) == 0 ? r.nextInt(256) * 257 : 0;
    }
    ObjectNode c = FixedPointVectors.JSON.createObjectNode();
    c.set("a", FixedPointVectors.JSON.valueToTree(w));
    c.set("b", FixedPointVectors.JSON.valueToTree(x));
    c.put("out", Fixed.dot(w, x));
    return c;
  }

  /** Matmul and row sums with widths around the 8-element (32-byte) word boundary. */
  private static ArrayNode opsWide(Random r) {
    ArrayNode ops = FixedPointVectors.JSON.createArrayNode();
    int[] widths = {7, 8, 9, 15, 16, 17, 31, 33, 64, 100};
    for (int i = 0; i < widths.length; i++) {
      int k = widths[i];
      Tensor a = TestValues.tensor(r, 2, k, i % 3);
      FixedPointVectors.addOp(ops, r, new MatMul(), List.of(a, TestValues.tensor(r, 2, k, i % 3)));
      FixedPointVectors.addOp(ops, r, new RowSum(), List.of(a));
    }
    return ops;
  }

  /** Every row of a 5x3 tensor (padded tree of depth 3) and of a 1x2 tensor (depth 0). */
  private static ArrayNode rowProofs(Random r) {
    ArrayNode proofs = FixedPointVectors.JSON.createArrayNode();
    for (Tensor t : List.of(TestValues.tensor(r, 5, 3, 0), TestValues.tensor(r, 1, 2, 2))) {
      TensorCommitment commitment = TensorCommitment.of(t);
      ObjectNode c = proofs.addObject();
      c.put("rows", t.rows()).put("cols", t.cols());
      c.put("treeRoot", commitment.treeRoot().hex()).put("root", commitment.root().hex());
      ArrayNode rows = c.putArray("proofs");
      for (int i = 0; i < t.rows(); i++) {
        RowProof p = commitment.proveRow(t, i);
        ObjectNode o = rows.addObject();
        o.put("index", i);
        o.set("values", FixedPointVectors.JSON.valueToTree(t.row(i)));
        o.put("leaf", TensorCommitment.rowLeaf(i, t.row(i)).hex());
        o.set(
            "siblings",
            FixedPointVectors.JSON.valueToTree(p.siblings().stream().map(Hash32::hex).toList()));
      }
    }
    return proofs;
  }

  /** Elements of the initial W1, b1, W2 of mlp:784-128-10 for two seeds. */
  private static ArrayNode initElements() {
    ArrayNode elements = FixedPointVectors.JSON.createArrayNode();
    int[][] positions = {
      {0, 0, 0},
      {0, 0, 7},
      {0, 0, 8},
      {0, 3, 783},
      {0, 127, 783},
      {1, 5, 0},
      {2, 0, 0},
      {2, 9, 127},
      {2, 4, 61},
      {3, 9, 0}
    };
    for (long seed : new long[] {1, 0xFFFF_FFFFL}) {
      List<Tensor> params = Initializer.initialParameters(MNIST_MLP, seed);
      for (int[] pos : positions) {
        Tensor p = params.get(pos[0]);
        elements
            .addObject()
            .put("seed", Long.toString(seed))
            .put("param", pos[0])
            .put("row", pos[1])
            .put("col", pos[2])
            .put("cols", p.cols())
            .put("out", p.get(pos[1], pos[2]));
      }
    }
    return elements;
  }

  /** Batch indices for several (seed, step, position, N), N from 1 to 2^31 - 1. */
  private static ArrayNode batchIndexCases() {
    ArrayNode cases = FixedPointVectors.JSON.createArrayNode();
    long[][] args = {
      {1, 0, 8000}, {1, 2499, 8000}, {42, 7, 1}, {42, 7, 3}, {7, 100000, Integer.MAX_VALUE}
    };
    for (long[] a : args) {
      int[] idx = BatchSampler.indices(a[0], a[1], 4, (int) a[2]);
      for (int b = 0; b < idx.length; b++) {
        cases
            .addObject()
            .put("seed", Long.toString(a[0]))
            .put("step", Long.toString(a[1]))
            .put("b", b)
            .put("n", a[2])
            .put("out", idx[b]);
      }
    }
    return cases;
  }
}
