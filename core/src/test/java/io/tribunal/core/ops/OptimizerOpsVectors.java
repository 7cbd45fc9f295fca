package io.tribunal.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedAdam;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the shared vectors of the embedding, residual and AdamW ops
 * (src/test/resources/vectors/optimizer-ops.json) that contracts/src/dispute/lib/OptimizerOps.sol
 * must reproduce: element cases (op name, attributes in {@code Op.attributes()} order, position,
 * declared rows, expected value) and the scalar rules of {@link FixedAdam}. Deterministic (fixed
 * Random seed); run {@code main} to rewrite the file after an intentional rule change.
 */
public final class OptimizerOpsVectors {
  static final Path FILE = Path.of("src", "test", "resources", "vectors", "optimizer-ops.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final int MAX = Integer.MAX_VALUE;
  private static final int MIN = Integer.MIN_VALUE;
  private static final long[] STEPS = {0, 4, 9, 10, 1000, 1 << 20, FixedAdam.MAX_STEP};

  private OptimizerOpsVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  /** The op of a vector case: its name and attributes. */
  static Op op(String name, long[] a) {
    return switch (name) {
      case "one_hot" -> new OneHot(a[0]);
      case "add_positions" -> new AddPositions(a[0]);
      case "position_grad" -> new PositionGrad(a[0]);
      case "add" -> new Add();
      case "adam_m" -> new AdamMoment1(a[0]);
      case "adam_v" -> new AdamMoment2(a[0]);
      case "concat_columns" -> new ConcatColumns();
      case "adamw_update" -> new AdamWUpdate(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
      case "sequence_tokens" -> new SequenceTokens((int) a[0], (int) a[1]);
      default -> throw new IllegalArgumentException("not an optimizer-family op: " + name);
    };
  }

  static ObjectNode generate() {
    Random r = new Random(20260611);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "tribunal-optimizer-ops-vectors-v1");
    root.put("doc", "docs/network-ops.md#embeddings-residual-add-and-adamw");
    ArrayNode ops = root.putArray("ops");
    oneHot(ops, r);
    positions(ops, r);
    elementwise(ops, r);
    adamW(ops, r);
    scalars(root, r);
    sequenceTokens(ops, new Random(0x5E0));
    return root;
  }

  private static void oneHot(ArrayNode ops, Random r) {
    int[][] cases = {{1, 0, 0}, {5, 4, 4}, {5, 4, 3}, {5, 5, 4}, {5, -1, 0}, {7, MIN, 0}};
    for (int[] c : cases) {
      add(ops, new OneHot(c[0]), List.of(ids(c[1])), 0, c[2]);
    }
    for (int i = 0; i < 6; i++) {
      int v = 1 + r.nextInt(50_000);
      int id = r.nextInt(v);
      add(ops, new OneHot(v), List.of(ids(id)), 0, i % 2 == 0 ? id : r.nextInt(v));
    }
  }

  private static void positions(ArrayNode ops, Random r) {
    int[][] shapes = {{1, 1, 1}, {2, 3, 4}, {3, 2, 9}, {1, 5, 17}, {4, 1, 8}, {2, 7, 33}};
    for (int i = 0; i < shapes.length; i++) {
      int b = shapes[i][0];
      int t = shapes[i][1];
      int d = shapes[i][2];
      int mode = i % 3;
      Tensor x = TestValues.tensor(r, b * t, d, mode);
      add(ops, new AddPositions(t), List.of(x, TestValues.tensor(r, t, d, mode)), r, -1, -1);
      add(ops, new PositionGrad(t), List.of(TestValues.tensor(r, d, b * t, mode)), r, -1, -1);
    }
    Tensor big = Tensor.of(new int[][] {{MAX, 1}, {MAX, -1}, {MIN, 0}, {MIN, -5}});
    add(ops, new AddPositions(2), List.of(big, Tensor.of(new int[][] {{1, 2}, {-1, -2}})), 0, 0);
    add(ops, new AddPositions(2), List.of(big, Tensor.of(new int[][] {{1, 2}, {-1, -2}})), 3, 0);
    Tensor sat = Tensor.of(new int[][] {{MAX, MAX, MAX, MAX, 3, 1}, {MIN, MIN, MIN, 0, -2, 1}});
    add(ops, new PositionGrad(2), List.of(sat), 0, 0);
    add(ops, new PositionGrad(2), List.of(sat), 1, 0);
    add(ops, new PositionGrad(3), List.of(sat), 1, 2);
    add(ops, new PositionGrad(1), List.of(sat), 0, 0);
  }

  private static void elementwise(ArrayNode ops, Random r) {
    long[] betas = {0, 65536, 58982, 65470, 1, 65535, 32768, 62259};
    for (int i = 0; i < 10; i++) {
      int rows = 1 + r.nextInt(3);
      int cols = i == 9 ? 64 : 1 + r.nextInt(17);
      int mode = i % 3;
      List<Tensor> two =
          List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, cols, mode));
      add(ops, new Add(), two, r, -1, -1);
      add(ops, new AdamMoment1(betas[i % betas.length]), two, r, -1, -1);
      add(ops, new AdamMoment2(betas[(i + 3) % betas.length]), two, r, -1, -1);
      int right = i % 4 == 0 ? 0 : 1 + r.nextInt(9);
      int left = i % 5 == 1 ? 0 : 1 + r.nextInt(9);
      List<Tensor> cat =
          List.of(TestValues.tensor(r, rows, left, mode), TestValues.tensor(r, rows, right, mode));
      int col = i % 2 == 0 && left > 0 ? left - 1 : i % 3 == 0 ? left + right - 1 : left;
      add(ops, new ConcatColumns(), cat, rows - 1, Math.min(col, left + right - 1));
    }
    Tensor small = Tensor.of(new int[][] {{0, 64, -64, 1, MIN, MAX}});
    Tensor zero = Tensor.zeros(1, 6);
    for (int c = 0; c < 6; c++) {
      add(ops, new AdamMoment2(65470), List.of(zero, small), 0, c);
    }
  }

  /** Token windows (plain ids, some extreme) read as inputs (offset 0) and targets (offset 1). */
  private static void sequenceTokens(ArrayNode ops, Random r) {
    int[][] shapes = {{1, 1, 0}, {1, 1, 1}, {2, 3, 0}, {2, 3, 1}, {3, 4, 1}, {2, 8, 0}, {1, 64, 1}};
    for (int[] s : shapes) {
      int b = s[0];
      int t = s[1];
      int offset = s[2];
      int[][] w = new int[b][t + 1];
      for (int[] row : w) {
        for (int k = 0; k < row.length; k++) {
          row[k] = r.nextInt(4) == 0 ? (r.nextBoolean() ? MAX : MIN) : r.nextInt(96);
        }
      }
      SequenceTokens op = new SequenceTokens(t, offset);
      List<Tensor> in = List.of(Tensor.of(w));
      add(ops, op, in, 0, 0);
      add(ops, op, in, b * t - 1, 0);
      add(ops, op, in, r, -1, -1);
    }
  }

  private static void adamW(ArrayNode ops, Random r) {
    for (int i = 0; i < 28; i++) {
      long step = STEPS[i % STEPS.length];
      int cols = i % 7 == 6 ? 64 : 1 + r.nextInt(9);
      int mode = i < 14 ? 1 : i % 3;
      AdamWUpdate op =
          i < 14
              ? new AdamWUpdate(16777, 10, 58982, 65470, 168, 6554, step) // lr 1e-3, warmup 10
              : new AdamWUpdate(
                  i % 4 == 0 ? FixedAdam.MAX_LR : r.nextInt(1 << 22),
                  1 + r.nextInt(i % 2 == 0 ? 1 : 100),
                  i % 5 == 0 ? 65535 : r.nextInt(65536),
                  i % 3 == 0 ? 65535 : r.nextInt(65536),
                  i % 4 == 1 ? 1 : 1 + r.nextInt(1 << 12),
                  i % 6 == 0 ? FixedAdam.MAX_WD : r.nextInt(Fixed.ONE),
                  step);
      Tensor w = TestValues.tensor(r, 2, cols, mode);
      Tensor m = TestValues.tensor(r, 2, cols, mode);
      int[][] v = TestValues.tensor(r, 2, cols, mode).data();
      if (i < 14) {
        for (int[] row : v) {
          for (int c = 0; c < cols; c++) {
            row[c] = Math.abs(row[c] >> 4); // a plausible non-negative second moment
          }
        }
      }
      Tensor mv = new ConcatColumns().compute(List.of(m, Tensor.wrap(cols, v)), Parallel.serial());
      add(ops, op, List.of(w, mv), r, -1, -1);
    }
  }

  private static void scalars(ObjectNode root, Random r) {
    ArrayNode pow = root.putArray("betaPower");
    long[] betas = {0, 1, 58982, 65470, 65535, 65536, 32768};
    long[] ks = {0, 1, 2, 3, 10, 1000, 65536, (1 << 20) + 1, 1L << 32};
    for (long beta : betas) {
      for (long k : ks) {
        pow.addObject().put("beta", beta).put("k", k).put("out", FixedAdam.betaPower(beta, k));
      }
    }
    ArrayNode moments = root.putArray("moments");
    int[] edges = {MIN, MAX, 0, 1, -1, Fixed.ONE, -Fixed.ONE, 64, 1 << 23, -(1 << 23) - 1};
    for (int i = 0; i < 40; i++) {
      int a = i < edges.length ? edges[i] : TestValues.value(r, i % 3);
      int g = i < edges.length ? edges[(i * 3 + 1) % edges.length] : TestValues.value(r, i % 3);
      long beta = i % 4 == 0 ? 65536 : i % 4 == 1 ? 0 : r.nextInt(65537);
      moments
          .addObject()
          .put("a", a)
          .put("g", g)
          .put("beta", beta)
          .put("m", FixedAdam.moment1(a, g, beta))
          .put("v", FixedAdam.moment2(a, g, beta));
    }
    ArrayNode warm = root.putArray("warmupRate");
    long[][] lw = {{16777, 10}, {FixedAdam.MAX_LR, FixedAdam.MAX_WARMUP}, {5, 2}, {1000, 1}};
    for (long[] c : lw) {
      for (long step : STEPS) {
        warm.addObject()
            .put("lr", c[0])
            .put("warmup", c[1])
            .put("step", step)
            .put("out", FixedAdam.warmupRate(c[0], c[1], step));
      }
    }
  }

  private static Tensor ids(int id) {
    return Tensor.of(new int[][] {{id}});
  }

  /** A case at a random position (row, col < 0) or at the given one. */
  private static void add(ArrayNode ops, Op op, List<Tensor> in, Random r, int row, int col) {
    Tensor out = op.compute(in, Parallel.serial());
    add(ops, op, in, row < 0 ? r.nextInt(out.rows()) : row, col < 0 ? r.nextInt(out.cols()) : col);
  }

  private static void add(ArrayNode ops, Op op, List<Tensor> in, int row, int col) {
    Tensor out = op.compute(in, Parallel.serial());
    ObjectNode c = ops.addObject();
    c.put("op", op.name());
    c.set("attrs", JSON.valueToTree(op.attributes()));
    c.set("position", JSON.valueToTree(new int[] {row, col}));
    ArrayNode rows = c.putArray("rows");
    for (RowRef ref : op.dependencies(row, col, Op.shapes(in))) {
      ObjectNode o = rows.addObject();
      o.put("input", ref.input()).put("row", ref.row());
      o.set("values", JSON.valueToTree(in.get(ref.input()).row(ref.row())));
    }
    c.put("out", out.get(row, col));
  }
}
