package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One training step of a LeNet-5-like network on 28x28 inputs written as the op sequence of
 * docs/network-ops.md (conv 5x5 pad 2 -> relu -> max pool -> conv 5x5 -> relu -> max pool -> three
 * dense layers, then the backward pass and SGD): every shape composes, the whole step is identical
 * serially and on a 3-thread pool, sampled elements of every op equal its kernel at that size, and
 * the step takes well under a second or two at batch 32.
 */
class LeNetOpSequenceTest {
  private static final int BATCH = 32;
  private static final ConvGeometry C1 = new ConvGeometry(1, 28, 28, 5, 5, 1, 2);
  private static final ConvGeometry C2 = new ConvGeometry(6, 14, 14, 5, 5, 1, 0);
  private static final PoolGeometry P1 = new PoolGeometry(6, 28, 28, 2, 2);
  private static final PoolGeometry P2 = new PoolGeometry(16, 10, 10, 2, 2);

  private record Step(String out, Op op, List<String> in) {}

  @Test
  void lenetStepComposesAndIsThreadCountIndependent() {
    Map<String, Tensor> start = inputs(new Random(0x1E5E7));
    List<Step> program = program();
    long t0 = System.nanoTime();
    Map<String, Tensor> serial = run(program, start, Parallel.serial());
    long serialNanos = System.nanoTime() - t0;
    try (Parallel pool = Parallel.of(3)) {
      Map<String, Tensor> pooled = run(program, start, pool);
      assertThat(pooled).isEqualTo(serial);
    }
    assertThat(serial.get("K1'").shape()).isEqualTo(new Shape(6, 25));
    assertThat(serial.get("K2'").shape()).isEqualTo(new Shape(16, 150));
    assertThat(serial.get("P2").shape()).isEqualTo(new Shape(BATCH, 400));
    assertThat(serial.get("dP1").shape()).isEqualTo(new Shape(BATCH, 6 * 14 * 14));
    assertThat(serialNanos / 1_000_000).as("serial LeNet step, ms").isLessThan(10_000);
    System.out.printf(
        "LeNet step (batch %d, %d ops): %d ms serial%n",
        BATCH, program.size(), serialNanos / 1_000_000);
    Random r = new Random(5);
    for (Step s : program) {
      List<Tensor> in = s.in().stream().map(serial::get).toList();
      Tensor out = serial.get(s.out());
      for (int i = 0; i < 40; i++) {
        int row = r.nextInt(out.rows());
        int col = r.nextInt(out.cols());
        List<RowRef> deps = s.op().dependencies(row, col, Op.shapes(in));
        assertThat(s.op().element(row, col, new DeclaredRows(in, deps)))
            .as("%s element (%d, %d)", s.out(), row, col)
            .isEqualTo(out.get(row, col));
      }
    }
  }

  static List<Step> program() {
    List<Step> p = new ArrayList<>();
    // Forward.
    p.add(new Step("Z1", new Conv2d(C1), List.of("X", "K1")));
    p.add(new Step("Z1b", new AddChannelBias(6, 784), List.of("Z1", "b1")));
    p.add(new Step("A1", new Relu(), List.of("Z1b")));
    p.add(new Step("P1", new MaxPool2d(P1), List.of("A1")));
    p.add(new Step("Z2", new Conv2d(C2), List.of("P1", "K2")));
    p.add(new Step("Z2b", new AddChannelBias(16, 100), List.of("Z2", "b2")));
    p.add(new Step("A2", new Relu(), List.of("Z2b")));
    p.add(new Step("P2", new MaxPool2d(P2), List.of("A2")));
    dense(p, "P2", 3, true);
    dense(p, "A3", 4, true);
    dense(p, "A4", 5, false);
    // Backward: softmax cross-entropy, the dense layers as in the MLP program.
    p.add(new Step("G5", new SoftmaxXentGrad(), List.of("Z5b", "Y")));
    denseBackward(p, "G5", "A4", 5, "Z4b", "G4");
    denseBackward(p, "G4", "A3", 4, "Z3b", "G3");
    denseBackward(p, "G3", "P2", 3, null, "dP2");
    // Second convolution block.
    p.add(new Step("dA2", new MaxPool2dBackward(P2), List.of("dP2", "A2")));
    p.add(new Step("dZ2", new ReluBackward(), List.of("dA2", "Z2b")));
    p.add(new Step("G2c", new ChannelsByRow(16, 100), List.of("dZ2")));
    p.add(new Step("P1c", new ChannelsByRow(6, 196), List.of("P1")));
    p.add(new Step("dK2", new Conv2dWeightGrad(C2), List.of("G2c", "P1c")));
    p.add(new Step("db2", new RowSum(), List.of("G2c")));
    p.add(new Step("K2t", new ChannelsByRow(6, 25), List.of("K2")));
    p.add(new Step("dP1", new Conv2dInputGrad(C2), List.of("dZ2", "K2t")));
    // First convolution block (no input gradient needed).
    p.add(new Step("dA1", new MaxPool2dBackward(P1), List.of("dP1", "A1")));
    p.add(new Step("dZ1", new ReluBackward(), List.of("dA1", "Z1b")));
    p.add(new Step("G1c", new ChannelsByRow(6, 784), List.of("dZ1")));
    p.add(new Step("Xc", new ChannelsByRow(1, 784), List.of("X")));
    p.add(new Step("dK1", new Conv2dWeightGrad(C1), List.of("G1c", "Xc")));
    p.add(new Step("db1", new RowSum(), List.of("G1c")));
    long eta = 52429; // lr 0.1 / batch 32 in Q8.24
    for (String w : List.of("K1", "b1", "K2", "b2", "W3", "b3", "W4", "b4", "W5", "b5")) {
      String grad = "d" + w;
      p.add(new Step(w + "'", new SgdUpdate(eta), List.of(w, grad)));
    }
    return p;
  }

  private static void dense(List<Step> p, String in, int l, boolean relu) {
    p.add(new Step("Z" + l, new MatMul(), List.of(in, "W" + l)));
    p.add(new Step("Z" + l + "b", new AddBias(), List.of("Z" + l, "b" + l)));
    if (relu) {
      p.add(new Step("A" + l, new Relu(), List.of("Z" + l + "b")));
    }
  }

  private static void denseBackward(
      List<Step> p, String g, String a, int l, String zPrev, String out) {
    p.add(new Step(g + "T", new Transpose(), List.of(g)));
    p.add(new Step(a + "T", new Transpose(), List.of(a)));
    p.add(new Step("dW" + l, new MatMul(), List.of(g + "T", a + "T")));
    p.add(new Step("db" + l, new RowSum(), List.of(g + "T")));
    p.add(new Step("W" + l + "T", new Transpose(), List.of("W" + l)));
    String da = zPrev == null ? out : "dA" + (l - 1);
    p.add(new Step(da, new MatMul(), List.of(g, "W" + l + "T")));
    if (zPrev != null) {
      p.add(new Step(out, new ReluBackward(), List.of(da, zPrev)));
    }
  }

  private static Map<String, Tensor> inputs(Random r) {
    Map<String, Tensor> env = new LinkedHashMap<>();
    env.put("X", random(r, BATCH, 784, Fixed.ONE, true));
    int[][] labels = new int[BATCH][1];
    for (int[] label : labels) {
      label[0] = r.nextInt(10);
    }
    env.put("Y", Tensor.wrap(1, labels));
    env.put("K1", random(r, 6, 25, Fixed.ONE / 3, false));
    env.put("b1", random(r, 6, 1, Fixed.ONE / 10, false));
    env.put("K2", random(r, 16, 150, Fixed.ONE / 8, false));
    env.put("b2", random(r, 16, 1, Fixed.ONE / 10, false));
    int[] widths = {400, 120, 84, 10};
    for (int l = 3; l <= 5; l++) {
      int amplitude = (int) (Fixed.ONE * Math.sqrt(6.0 / widths[l - 3]));
      env.put("W" + l, random(r, widths[l - 2], widths[l - 3], amplitude, false));
      env.put("b" + l, random(r, widths[l - 2], 1, Fixed.ONE / 10, false));
    }
    return env;
  }

  private static Tensor random(Random r, int rows, int cols, int amplitude, boolean pixels) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] =
            pixels
                ? (r.nextInt(3) == 0 ? r.nextInt(256) * 257 : 0)
                : r.nextInt(2 * amplitude + 1) - amplitude;
      }
    }
    return Tensor.wrap(cols, t);
  }

  private static Map<String, Tensor> run(
      List<Step> program, Map<String, Tensor> start, Parallel parallel) {
    Map<String, Tensor> env = new LinkedHashMap<>(start);
    for (Step s : program) {
      List<Tensor> in = s.in().stream().map(env::get).toList();
      env.put(s.out(), s.op().compute(in, parallel));
    }
    return env;
  }
}
