package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestValues;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A prepared right operand gives MatMul's bits for one row, on both of MatMul's paths: the int64
 * fast path (small and sparse values, MNIST-like widths) and the exact path (extreme values).
 */
class PreparedMatMulPropertiesTest {
  @Property(tries = 5_000)
  void preparedRowEqualsMatMulOfThatRow(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll @IntRange(min = 0, max = 2) int mode,
      @ForAll boolean longInner) {
    Random r = new Random(seed);
    int inner = longInner ? 128 + r.nextInt(700) : 1 + r.nextInt(8);
    Tensor a = TestValues.tensor(r, 1, inner, mode);
    Tensor b = TestValues.tensor(r, n, inner, r.nextInt(3));
    int[] expected = new MatMul().compute(List.of(a, b), Parallel.serial()).row(0);
    PreparedMatMul prepared = new PreparedMatMul(b);
    assertThat(prepared.row(a.row(0))).containsExactly(expected);
    assertThat(prepared.row(a.row(0))).containsExactly(expected); // B is left as it was
  }

  @Example
  void aRowOfTheWrongLengthIsRefused() {
    PreparedMatMul prepared = new PreparedMatMul(Tensor.wrap(3, new int[][] {{1, 2, 3}}));
    assertThat(prepared.inner()).isEqualTo(3);
    assertThat(prepared.outputs()).isEqualTo(1);
    assertThatThrownBy(() -> prepared.row(new int[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equal row lengths");
  }
}
