package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The prefix softmax of the causal mask is the existing softmax rule on a prefix: equal to
 * softmaxAt of the prefix copy, blind to the entries past the prefix, and the row form equals the
 * element form.
 */
class FixedExpPrefixTest {
  @Property(tries = 5_000)
  void prefixSoftmaxIsTheSoftmaxOfThePrefix(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int width,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    Random r = new Random(seed);
    int[] z = TestValues.tensor(r, 1, width, mode).row(0);
    int n = r.nextInt(width + 1);
    int[] prefix = Arrays.copyOf(z, n);
    int[] row = FixedExp.softmaxPrefix(z, n);
    int[] changed = z.clone();
    for (int j = n; j < width; j++) {
      changed[j] = TestValues.value(r, mode);
    }
    for (int k = 0; k < width; k++) {
      int expected = k < n ? FixedExp.softmaxAt(prefix, k) : 0;
      assertThat(FixedExp.softmaxPrefixAt(z, n, k)).isEqualTo(expected);
      assertThat(FixedExp.softmaxPrefixAt(changed, n, k)).isEqualTo(expected);
      assertThat(row[k]).isEqualTo(expected);
      assertThat(FixedExp.softmaxPrefixAt(z, width, k)).isEqualTo(FixedExp.softmaxAt(z, k));
    }
    assertThat(FixedExp.softmaxPrefix(z, width)).isEqualTo(FixedExp.softmax(z));
  }
}
