package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For every op: the element function, given only its declared input rows, equals the whole-tensor
 * result at every position, serially and on a 3-thread pool, for 10,000 random cases each with
 * extreme values (MIN_VALUE, MAX_VALUE, 0, +-1, +-ONE) mixed in.
 */
class OpElementPropertiesTest {
  private static final Parallel POOL = Parallel.of(3);
  private static final int TRIES = 10_000;

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = TRIES)
  void matmulElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int m,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 0, max = 2) int mode,
      @ForAll boolean longInner) {
    Random r = new Random(seed);
    int inner = longInner ? 128 + r.nextInt(3) : 1 + r.nextInt(6);
    assertAgrees(
        new MatMul(),
        List.of(TestValues.tensor(r, m, inner, mode), TestValues.tensor(r, n, inner, mode)));
  }

  @Property(tries = TRIES)
  void transposeElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(new Transpose(), List.of(TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void addBiasElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new AddBias(),
        List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, cols, 1, mode)));
  }

  @Property(tries = TRIES)
  void reluElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(new Relu(), List.of(TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void reluBackwardElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(
        new ReluBackward(),
        List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void softmaxXentGradElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int rows,
      @ForAll @IntRange(min = 1, max = 12) int classes,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    int[][] labels = new int[rows][1];
    for (int b = 0; b < rows; b++) {
      labels[b][0] = r.nextInt(4) == 0 ? TestValues.value(r, 0) : r.nextInt(classes + 2) - 1;
    }
    assertAgrees(
        new SoftmaxXentGrad(),
        List.of(TestValues.tensor(r, rows, classes, mode), Tensor.wrap(1, labels)));
  }

  @Property(tries = TRIES)
  void rowSumElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 0, max = 40) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(new RowSum(), List.of(TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void sgdUpdateElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    long[] etas = {0, 1, SgdUpdate.MAX_ETA, 52429, r.nextInt(Integer.MAX_VALUE)};
    assertAgrees(
        new SgdUpdate(etas[r.nextInt(etas.length)]),
        List.of(TestValues.tensor(r, rows, cols, mode), TestValues.tensor(r, rows, cols, mode)));
  }

  @Property(tries = TRIES)
  void gatherRowsElementEqualsTensorAtEveryPosition(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int sourceRows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    int[] idx = new int[batch];
    for (int b = 0; b < batch; b++) {
      idx[b] = r.nextInt(sourceRows);
    }
    assertAgrees(new GatherRows(idx), List.of(TestValues.tensor(r, sourceRows, cols, mode)));
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
        int element = op.element(i, j, new DeclaredRows(inputs, deps));
        assertThat(element).as("%s at (%d, %d)", op.name(), i, j).isEqualTo(serial.get(i, j));
      }
    }
  }
}
