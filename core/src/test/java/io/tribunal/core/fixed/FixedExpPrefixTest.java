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

  /**
   * The documented error bound (docs/network-ops.md): a prefix probability is within 2.5 + 2 * n *
   * p units of the real softmax of the same scores, n the prefix length and p the real probability.
   */
  @Property(tries = 20_000)
  void prefixProbabilityIsWithinTheDocumentedBoundOfTheRealSoftmax(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 64) int n,
      @ForAll @IntRange(min = 0, max = 2) int spread) {
    Random r = new Random(seed);
    int range = new int[] {2, 8, 30}[spread];
    int[] z = new int[n + 3];
    for (int j = 0; j < z.length; j++) {
      z[j] = r.nextInt(2 * range * Fixed.ONE) - range * Fixed.ONE;
    }
    int max = Integer.MIN_VALUE;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, z[j]);
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += Math.exp((z[j] - (double) max) / Fixed.ONE);
    }
    for (int k = 0; k < n; k++) {
      double real = Math.exp((z[k] - (double) max) / Fixed.ONE) / sum;
      double error = Math.abs(FixedExp.softmaxPrefixAt(z, n, k) - real * Fixed.ONE);
      assertThat(error).as("entry %d of %d", k, n).isLessThanOrEqualTo(2.5 + 2 * n * real);
    }
  }
}
