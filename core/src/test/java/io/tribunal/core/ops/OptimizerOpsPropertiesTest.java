package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * The embedding, residual and AdamW ops: for random inputs (extremes mixed in) at several shapes,
 * the element function over only its declared rows equals the whole-tensor result at every
 * position, and the whole tensor is identical at 1 and 3 threads (also on tensors large enough for
 * {@link Parallel} to split them). Reference checks against the mathematics are in {@link
 * OptimizerOpsReferenceTest}.
 */
class OptimizerOpsPropertiesTest {
  static final Parallel POOL = Parallel.of(3);
  private static final int TRIES = 2_000;

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = TRIES)
  void oneHotElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll @IntRange(min = 1, max = 12) int vocabulary) {
    Random r = new Random(seed);
    assertAgrees(new OneHot(vocabulary), List.of(ids(r, rows, vocabulary)));
  }

  @Property(tries = TRIES)
  void addPositionsElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 4) int positions,
      @ForAll @IntRange(min = 1, max = 5) int d,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new AddPositions(positions),
        List.of(
            TestValues.tensor(r, batch * positions, d, mode),
            TestValues.tensor(r, positions, d, mode)));
  }

  @Property(tries = TRIES)
  void positionGradElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 4) int positions,
      @ForAll @IntRange(min = 1, max = 5) int d,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new PositionGrad(positions), List.of(TestValues.tensor(r, d, batch * positions, mode)));
  }

  @Property(tries = TRIES)
  void sequenceTokensElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 6) int context,
      @ForAll @IntRange(min = 0, max = 2) int extra,
      @ForAll @IntRange(min = 0, max = 1) int offset,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new SequenceTokens(context, offset),
        List.of(TestValues.tensor(r, batch, context + offset + extra, mode)));
  }

  @Property(tries = TRIES)
  void addElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new Add(),
        List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void adamMomentsElementEqualTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    List<Tensor> in =
        List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, cols, mode));
    assertAgrees(new AdamMoment1(beta(r)), in);
    assertAgrees(new AdamMoment2(beta(r)), in);
  }

  @Property(tries = TRIES)
  void concatColumnsElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 0, max = 5) int left,
      @ForAll @IntRange(min = 0, max = 5) int right) {
    Random r = new Random(seed);
    assertAgrees(
        new ConcatColumns(),
        List.of(TestValues.tensor(r, rows, left, 2), TestValues.tensor(r, rows, right, 2)));
  }

  @Property(tries = TRIES)
  void adamWUpdateElementEqualsTensor(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        randomAdamW(r),
        List.of(
            TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, 2 * cols, mode)));
  }

  @Test
  void largeTensorsAreIdenticalAtOneAndThreeThreads() {
    Random r = new Random(5);
    int rows = 256;
    int d = 640;
    Tensor a = TestValues.tensor(r, rows, d, 2);
    Tensor b = TestValues.tensor(r, rows, d, 1);
    List<Op> ops =
        List.of(
            new Add(),
            new AdamMoment1(58982),
            new AdamMoment2(65470),
            new ConcatColumns(),
            new AddPositions(8));
    for (Op op : ops) {
      List<Tensor> in =
          op instanceof AddPositions ? List.of(a, TestValues.tensor(r, 8, d, 2)) : List.of(a, b);
      assertThat(op.compute(in, POOL)).as(op.name()).isEqualTo(op.compute(in, Parallel.serial()));
    }
    Tensor w = TestValues.tensor(r, rows, d, 2);
    Tensor mv = new ConcatColumns().compute(List.of(a, b), Parallel.serial());
    AdamWUpdate adamw = new AdamWUpdate(1 << 14, 100, 58982, 65470, 1, 655, 37);
    assertThat(adamw.compute(List.of(w, mv), POOL))
        .isEqualTo(adamw.compute(List.of(w, mv), Parallel.serial()));
    Tensor dyT = TestValues.tensor(r, d, rows * 4, 2);
    PositionGrad grad = new PositionGrad(rows);
    assertThat(grad.compute(List.of(dyT), POOL))
        .isEqualTo(grad.compute(List.of(dyT), Parallel.serial()));
    Tensor tokens = ids(r, 2048, 300);
    OneHot oneHot = new OneHot(300);
    assertThat(oneHot.compute(List.of(tokens), POOL))
        .isEqualTo(oneHot.compute(List.of(tokens), Parallel.serial()));
  }

  @Test
  void badShapesAndAttributesAreRejectedByName() {
    Tensor t23 = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> new OneHot(0)).hasMessageContaining("vocabulary");
    assertThatThrownBy(() -> new OneHot(4).outputShape(List.of(t23.shape())))
        .hasMessageContaining("token ids");
    assertThatThrownBy(() -> new AddPositions(3).outputShape(List.of(t23.shape(), t23.shape())))
        .hasMessageContaining("(B*T) rows");
    assertThatThrownBy(
            () -> new AddPositions(2).outputShape(List.of(t23.shape(), Tensor.zeros(3, 3).shape())))
        .hasMessageContaining("position table");
    assertThatThrownBy(() -> new PositionGrad(2).outputShape(List.of(t23.shape())))
        .hasMessageContaining("d x (B*T)");
    assertThatThrownBy(
            () -> new Add().outputShape(List.of(t23.shape(), Tensor.zeros(3, 2).shape())))
        .hasMessageContaining("one shape");
    assertThatThrownBy(() -> new AdamMoment1(65537)).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new AdamMoment2(-1)).hasMessageContaining("beta2");
    assertThatThrownBy(
            () -> new ConcatColumns().outputShape(List.of(t23.shape(), Tensor.zeros(3, 3).shape())))
        .hasMessageContaining("row counts");
    assertThatThrownBy(() -> new AdamWUpdate(1, 0, 1, 1, 1, 1, 1)).hasMessageContaining("warmup");
    assertThatThrownBy(() -> new AdamWUpdate(1, 1, 65536, 1, 1, 1, 1))
        .hasMessageContaining("beta1");
    assertThatThrownBy(() -> new AdamWUpdate(1, 1, 1, 1, 0, 1, 1)).hasMessageContaining("eps");
    assertThatThrownBy(() -> new AdamWUpdate(1, 1, 1, 1, 1, 1, 1L << 32))
        .hasMessageContaining("step");
    assertThatThrownBy(
            () ->
                new AdamWUpdate(1, 1, 1, 1, 1, 1, 1).outputShape(List.of(t23.shape(), t23.shape())))
        .hasMessageContaining("concat_columns");
  }

  static AdamWUpdate randomAdamW(Random r) {
    long[] steps = {0, 1, 9, 10, 1 << 20, (1L << 32) - 1, r.nextInt(1 << 21)};
    return new AdamWUpdate(
        r.nextInt(4) == 0 ? Integer.MAX_VALUE : r.nextInt(1 << 20),
        r.nextInt(3) == 0 ? 1 : 1 + r.nextInt(2000),
        r.nextInt(4) == 0 ? 65535 : r.nextInt(65536),
        r.nextInt(4) == 0 ? 65535 : r.nextInt(65536),
        r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 1 << 10 : Integer.MAX_VALUE - 1),
        r.nextInt(4) == 0 ? Fixed.ONE : r.nextInt(Fixed.ONE),
        steps[r.nextInt(steps.length)]);
  }

  private static long beta(Random r) {
    long[] betas = {0, 1, 58982, 65470, 65535, 65536};
    return r.nextBoolean() ? betas[r.nextInt(betas.length)] : r.nextInt(65537);
  }

  /** Token ids mostly in [0, V), some just outside and some extremes. */
  static Tensor ids(Random r, int rows, int vocabulary) {
    int[][] t = new int[rows][1];
    for (int[] row : t) {
      int pick = r.nextInt(10);
      row[0] =
          pick < 7
              ? r.nextInt(vocabulary)
              : pick < 9 ? vocabulary - 2 + r.nextInt(4) : TestValues.value(r, 0);
    }
    return Tensor.wrap(1, t);
  }

  static void assertAgrees(Op op, List<Tensor> inputs) {
    Tensor serial = op.compute(inputs, Parallel.serial());
    assertThat(op.compute(inputs, POOL)).isEqualTo(serial);
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
