package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * The attention ops keep the {@link Op} invariant: for random shapes, attributes and values
 * (extremes mixed in) the element function over exactly its declared rows equals the whole-tensor
 * result at every position, and the result is the same serially and on a 3-thread pool, including
 * shapes large enough that {@link Parallel} really splits the work.
 */
class AttentionOpsPropertiesTest {
  private static final Parallel POOL = Parallel.of(3);
  private static final int TRIES = 2_000;

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = TRIES)
  void splitHeadsElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 4) int context,
      @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 4) int headDim,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor x = TestValues.tensor(r, batch * context, heads * headDim, mode);
    assertAgrees(new SplitHeads(context, heads), List.of(x));
  }

  @Property(tries = TRIES)
  void mergeHeadsElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 4) int context,
      @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 4) int headDim,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor y = TestValues.tensor(r, batch * heads * context, headDim, mode);
    assertAgrees(new MergeHeads(context, heads, headDim), List.of(y));
  }

  @Property(tries = TRIES)
  void blockMatMulElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 4) int blockRows,
      @ForAll @IntRange(min = 1, max = 4) int blockCols,
      @ForAll @IntRange(min = 0, max = 7) int inner,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new BlockMatMul(blockRows, blockCols),
        List.of(
            TestValues.tensor(r, groups * blockRows, inner, mode),
            TestValues.tensor(r, groups * blockCols, inner, mode)));
  }

  @Property(tries = TRIES)
  void blockTransposeElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 4) int blockRows,
      @ForAll @IntRange(min = 1, max = 5) int width,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor a = TestValues.tensor(r, groups * blockRows, width, mode);
    assertAgrees(new BlockTranspose(blockRows, width), List.of(a));
  }

  @Property(tries = TRIES)
  void scaleElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    int[] factors = {
      0, 1, Fixed.ONE, 16384, 11585, Integer.MAX_VALUE, r.nextInt(Integer.MAX_VALUE)
    };
    assertAgrees(
        new ScaleBy(factors[r.nextInt(factors.length)]),
        List.of(TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void causalSoftmaxElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 9) int context,
      @ForAll @IntRange(min = 0, max = 3) int mode) {
    Random r = new Random(seed);
    Tensor s =
        mode == 3
            ? logits(r, groups * context, context)
            : TestValues.tensor(r, groups * context, context, mode);
    Tensor p = new CausalSoftmax(context).compute(List.of(s), Parallel.serial());
    for (int i = 0; i < p.rows(); i++) {
      for (int c = i % context + 1; c < context; c++) {
        assertThat(p.get(i, c)).as("masked (%d, %d)", i, c).isZero();
      }
    }
    assertAgrees(new CausalSoftmax(context), List.of(s));
  }

  @Property(tries = TRIES)
  void softmaxBackwardElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 8) int cols,
      @ForAll @IntRange(min = 0, max = 3) int mode) {
    Random r = new Random(seed);
    Tensor p =
        mode == 3
            ? new CausalSoftmax(cols)
                .compute(List.of(logits(r, rows * cols, cols)), Parallel.serial())
            : TestValues.tensor(r, rows, cols, mode);
    Tensor dp = TestValues.tensor(r, p.rows(), cols, mode % 3);
    assertAgrees(new SoftmaxBackward(), List.of(p, dp));
  }

  /**
   * Shapes of a realistic attention layer (T = 64, dh = 32, 16 (sequence, head) groups) are at or
   * above {@link Parallel#SERIAL_WORK}, so the pool splits them; every position still equals the
   * element.
   */
  @Test
  void largeShapesAgreeAcrossThreadCountsAndWithTheElements() {
    Random r = new Random(64);
    int t = 64;
    int dh = 32;
    int g = 16;
    Tensor q = TestValues.tensor(r, g * t, dh, 2);
    Tensor k = TestValues.tensor(r, g * t, dh, 1);
    Tensor s = logits(r, g * t, t);
    Tensor p = new CausalSoftmax(t).compute(List.of(s), Parallel.serial());
    assertAgrees(new SplitHeads(t, 4), List.of(TestValues.tensor(r, 4 * t * 4, 4 * dh, 1)));
    assertAgrees(new MergeHeads(t, 4, dh), List.of(TestValues.tensor(r, 4 * g * t, dh, 1)));
    assertAgrees(new BlockMatMul(t, t), List.of(q, k));
    assertAgrees(new BlockMatMul(t, dh), List.of(p, TestValues.tensor(r, g * dh, t, 1)));
    assertAgrees(new BlockTranspose(t, dh), List.of(q));
    assertAgrees(new ScaleBy(11585), List.of(logits(r, 2 * g * t, t)));
    assertAgrees(new CausalSoftmax(t), List.of(s));
    assertAgrees(new SoftmaxBackward(), List.of(p, TestValues.tensor(r, g * t, t, 1)));
  }

  @Test
  void badShapesAndAttributesAreRejectedByName() {
    Shape six = new Shape(6, 4);
    assertThatThrownBy(() -> new SplitHeads(4, 2).outputShape(List.of(six)))
        .hasMessageContaining("divisible by 4");
    assertThatThrownBy(() -> new SplitHeads(3, 3).outputShape(List.of(six)))
        .hasMessageContaining("H=3");
    assertThatThrownBy(() -> new MergeHeads(3, 2, 3).outputShape(List.of(six)))
        .hasMessageContaining("width 3");
    assertThatThrownBy(() -> new BlockMatMul(3, 2).outputShape(List.of(six, new Shape(6, 4))))
        .hasMessageContaining("block count");
    assertThatThrownBy(() -> new BlockMatMul(3, 3).outputShape(List.of(six, new Shape(6, 5))))
        .hasMessageContaining("equal width");
    assertThatThrownBy(() -> new BlockTranspose(3, 5).outputShape(List.of(six)))
        .hasMessageContaining("width 5");
    assertThatThrownBy(() -> new CausalSoftmax(3).outputShape(List.of(six)))
        .hasMessageContaining("width 3");
    assertThatThrownBy(() -> new SoftmaxBackward().outputShape(List.of(six, new Shape(6, 3))))
        .hasMessageContaining("equal shape");
    assertThatThrownBy(() -> new SplitHeads(0, 1)).hasMessageContaining("T >= 1");
    assertThatThrownBy(() -> new MergeHeads(1, 1, 0)).hasMessageContaining("dh >= 1");
    assertThatThrownBy(() -> new ScaleBy(-1)).hasMessageContaining("q >= 0");
    assertThat(new MergeHeads(2, 3, 4).attributes()).containsExactly(2, 3, 4);
    assertThat(new BlockMatMul(5, 7).attributes()).containsExactly(5, 7);
    assertThat(new SoftmaxBackward().attributes()).isEmpty();
  }

  /** Scores mostly within +-16.0 so several exp terms are non-zero, some extremes. */
  static Tensor logits(Random r, int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] =
            r.nextInt(6) == 0 ? TestValues.value(r, 0) : r.nextInt(32 * Fixed.ONE) - 16 * Fixed.ONE;
      }
    }
    return Tensor.wrap(cols, t);
  }

  static void assertAgrees(Op op, List<Tensor> inputs) {
    Tensor serial = op.compute(inputs, Parallel.serial());
    Tensor pooled = op.compute(inputs, POOL);
    assertThat(pooled).isEqualTo(serial);
    assertThat(serial.shape()).isEqualTo(op.outputShape(Op.shapes(inputs)));
    for (int i = 0; i < serial.rows(); i++) {
      for (int j = 0; j < serial.cols(); j++) {
        List<RowRef> deps = op.dependencies(i, j, Op.shapes(inputs));
        assertThat(deps).hasSizeLessThanOrEqualTo(2);
        assertThat(deps.stream().map(RowRef::input).distinct().count()).isEqualTo(deps.size());
        int element = op.element(i, j, new DeclaredRows(inputs, deps));
        assertThat(element).as("%s at (%d, %d)", op.name(), i, j).isEqualTo(serial.get(i, j));
      }
    }
  }
}
