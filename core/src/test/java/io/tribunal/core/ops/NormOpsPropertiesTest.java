package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedNorm;
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
 * For every layer-norm and GELU op: the element function, given only its declared input rows (at
 * most one per input), equals the whole-tensor result at every position, and compute is identical
 * serially and on a 3-thread pool; random shapes with extreme values mixed in (mode 0 extremes, 1
 * small with zeros, 2 arbitrary). Tensors large enough to be split across threads are checked
 * separately.
 */
class NormOpsPropertiesTest {
  private static final Parallel POOL = Parallel.of(3);
  private static final int TRIES = 2_000;

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = TRIES)
  void layerNormStats(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    long[] eps = {1, 655, Fixed.ONE, FixedNorm.MAX_EPS, 1 + r.nextInt(Integer.MAX_VALUE)};
    assertAgrees(
        new LayerNormStats(eps[r.nextInt(eps.length)]), List.of(t(r, 1 + r.nextInt(40), mode)));
  }

  @Property(tries = TRIES)
  void layerNormApply(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor x = t(r, 1 + r.nextInt(12), mode);
    Tensor stats =
        r.nextBoolean()
            ? new LayerNormStats(1 + r.nextInt(Fixed.ONE)).compute(List.of(x), Parallel.serial())
            : TestValues.tensor(r, x.rows(), 2, mode);
    assertAgrees(new LayerNormApply(), List.of(x, stats));
  }

  @Property(tries = TRIES)
  void mulColumn(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor x = t(r, 1 + r.nextInt(12), mode);
    assertAgrees(new MulColumn(), List.of(x, TestValues.tensor(r, x.cols(), 1, mode)));
  }

  @Property(tries = TRIES)
  void layerNormBackwardStats(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor g = t(r, 1 + r.nextInt(40), mode);
    assertAgrees(new LayerNormBackwardStats(), List.of(g, same(r, g, mode)));
  }

  @Property(tries = TRIES)
  void layerNormBackward(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor p = t(r, 2 * (1 + r.nextInt(10)), mode);
    assertAgrees(new LayerNormBackward(), List.of(p, TestValues.tensor(r, p.rows(), 4, mode)));
  }

  @Property(tries = TRIES)
  void concatColumns(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    int rows = 1 + r.nextInt(4);
    int p = r.nextInt(6);
    int q = p == 0 ? 1 + r.nextInt(5) : r.nextInt(6);
    assertAgrees(
        new ConcatColumns(),
        List.of(TestValues.tensor(r, rows, p, mode), TestValues.tensor(r, rows, q, mode)));
  }

  @Property(tries = TRIES)
  void mulElementwise(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor a = t(r, 1 + r.nextInt(12), mode);
    assertAgrees(new MulElementwise(), List.of(a, same(r, a, mode)));
  }

  @Property(tries = TRIES)
  void gelu(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    assertAgrees(new Gelu(), List.of(t(r, 1 + r.nextInt(12), mode)));
  }

  @Property(tries = TRIES)
  void geluBackward(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    Tensor dy = t(r, 1 + r.nextInt(12), mode);
    assertAgrees(new GeluBackward(), List.of(dy, same(r, dy, mode)));
  }

  /** Tensors of 200 x 768 are split into several chunks on the pool: same bits as serially. */
  @Test
  void largeTensorsComputeIdenticallyOnOneAndThreeThreads() {
    Random r = new Random(99);
    Tensor x = TestValues.tensor(r, 200, 768, 2);
    Tensor y = TestValues.tensor(r, 200, 768, 1);
    Tensor stats = new LayerNormStats(1).compute(List.of(x), Parallel.serial());
    Tensor p = new ConcatColumns().compute(List.of(x, y), Parallel.serial());
    List<List<Object>> cases =
        List.of(
            List.of(new LayerNormStats(1), List.of(x)),
            List.of(new LayerNormApply(), List.of(x, stats)),
            List.of(new MulColumn(), List.of(x, TestValues.tensor(r, 768, 1, 2))),
            List.of(new LayerNormBackwardStats(), List.of(x, y)),
            List.of(new LayerNormBackward(), List.of(p, TestValues.tensor(r, 200, 4, 2))),
            List.of(new ConcatColumns(), List.of(x, y)),
            List.of(new MulElementwise(), List.of(x, y)),
            List.of(new Gelu(), List.of(x)),
            List.of(new GeluBackward(), List.of(y, x)));
    for (List<Object> c : cases) {
      Op op = (Op) c.get(0);
      @SuppressWarnings("unchecked")
      List<Tensor> inputs = (List<Tensor>) c.get(1);
      assertThat(op.compute(inputs, POOL))
          .as(op.name())
          .isEqualTo(op.compute(inputs, Parallel.serial()));
    }
  }

  private static Tensor t(Random r, int cols, int mode) {
    return TestValues.tensor(r, 1 + r.nextInt(4), cols, mode);
  }

  private static Tensor same(Random r, Tensor like, int mode) {
    return TestValues.tensor(r, like.rows(), like.cols(), mode);
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
