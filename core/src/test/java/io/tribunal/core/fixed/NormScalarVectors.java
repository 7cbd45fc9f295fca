package io.tribunal.core.fixed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import java.util.Random;

/** The scalar-rule sections of norm-ops.json (see {@link NormOpsVectors}). */
final class NormScalarVectors {
  private static final int[] EDGES = {
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    0,
    1,
    -1,
    Fixed.ONE,
    -Fixed.ONE,
    FixedGelu.CLAMP,
    -FixedGelu.CLAMP,
    FixedGelu.CLAMP + 1,
    -FixedGelu.CLAMP - 1,
    3 * Fixed.ONE / 2,
    -45426
  };

  private NormScalarVectors() {}

  static void add(ObjectNode root, Random r) {
    ArrayNode gelu = root.putArray("gelu");
    for (int x : EDGES) {
      addGelu(gelu, x);
    }
    for (int i = 0; i < 40; i++) {
      addGelu(gelu, i % 2 == 0 ? r.nextInt(20 * Fixed.ONE) - 10 * Fixed.ONE : r.nextInt());
    }
    ArrayNode sigmoid = root.putArray("sigmoid");
    long[] zs = {0, 1, -1, Fixed.ONE, -Fixed.ONE, 1L << 40, -(1L << 40), 11 * Fixed.ONE, -727000};
    for (long z : zs) {
      sigmoid.addObject().put("z", Long.toString(z)).put("out", FixedGelu.sigmoid(z));
    }
    ArrayNode stats = root.putArray("rowStats");
    int[][] fixed = {
      {0},
      {Integer.MIN_VALUE},
      {Integer.MAX_VALUE, Integer.MIN_VALUE},
      {5, 5, 5},
      {Fixed.ONE, -Fixed.ONE, 2 * Fixed.ONE, 0},
      {Integer.MAX_VALUE, Integer.MAX_VALUE, 1}
    };
    for (int[] v : fixed) {
      addStats(stats, v, 1);
    }
    for (int i = 0; i < 20; i++) {
      int[] v = NormOpsVectors.tensor(r, 1, 1 + r.nextInt(20), i % 4).row(0);
      addStats(stats, v, i % 5 == 0 ? FixedNorm.MAX_EPS : 1 + r.nextInt(Fixed.ONE));
    }
    ArrayNode products = root.putArray("meanOfProducts");
    for (int i = 0; i < 20; i++) {
      int n = 1 + r.nextInt(20);
      int[] a = NormOpsVectors.tensor(r, 1, n, i % 4).row(0);
      int[] b = NormOpsVectors.tensor(r, 1, n, i % 4).row(0);
      ObjectNode c = products.addObject();
      c.set("a", NormOpsVectors.JSON.valueToTree(a));
      c.set("b", NormOpsVectors.JSON.valueToTree(b));
      c.put("out", FixedNorm.meanOfProducts(a, b));
    }
    ArrayNode normalize = root.putArray("normalize");
    ArrayNode backward = root.putArray("normBackward");
    for (int i = 0; i < 30; i++) {
      int mode = i % 3;
      int x = TestValues.value(r, mode);
      int mean = TestValues.value(r, mode);
      int rstd = i % 4 == 0 ? r.nextInt(1 << 24) : TestValues.value(r, mode);
      normalize
          .addObject()
          .put("x", x)
          .put("mean", mean)
          .put("rstd", rstd)
          .put("out", FixedNorm.normalize(x, mean, rstd));
      int m2 = TestValues.value(r, mode);
      int g = TestValues.value(r, mode);
      backward
          .addObject()
          .put("g", g)
          .put("xhat", x)
          .put("m1", mean)
          .put("m2", m2)
          .put("rstd", rstd)
          .put("out", FixedNorm.backward(g, x, mean, m2, rstd));
    }
  }

  private static void addGelu(ArrayNode gelu, int x) {
    gelu.addObject()
        .put("x", x)
        .put("argument", Long.toString(FixedGelu.argument(x)))
        .put("out", FixedGelu.gelu(x))
        .put("derivative", FixedGelu.derivative(x));
  }

  private static void addStats(ArrayNode stats, int[] v, long eps) {
    ObjectNode c = stats.addObject();
    c.set("values", NormOpsVectors.JSON.valueToTree(v));
    c.put("eps", eps).put("mean", FixedNorm.mean(v)).put("rstd", FixedNorm.rstd(v, eps));
  }
}
