package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.fixed.Fixed;
import org.junit.jupiter.api.Test;

/** Integer sampling: greedy at temperature 0, a pure function of (logits, t, seed, position). */
class TokenSamplerTest {
  private static final int[] LOGITS = {0, 3 * Fixed.ONE, -Fixed.ONE, 3 * Fixed.ONE, Fixed.ONE};

  @Test
  void temperatureZeroTakesTheLargestLogitLowestIdFirst() {
    for (long position = 0; position < 5; position++) {
      assertThat(TokenSampler.sample(LOGITS, 0, 1, position)).isEqualTo(1);
    }
  }

  @Test
  void theSameWordGivesTheSameTokenAndSeedsDiffer() {
    int[] a = new int[200];
    int[] b = new int[200];
    int[] counts = new int[LOGITS.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = TokenSampler.sample(LOGITS, Fixed.ONE, 1, i);
      b[i] = TokenSampler.sample(LOGITS, Fixed.ONE, 2, i);
      assertThat(TokenSampler.sample(LOGITS, Fixed.ONE, 1, i)).isEqualTo(a[i]);
      counts[a[i]]++;
    }
    assertThat(a).isNotEqualTo(b);
    // p = e^z / S: tokens 1 and 3 take ~45% each, token 2 ~0.1%
    assertThat(counts[1]).isBetween(60, 120);
    assertThat(counts[3]).isBetween(60, 120);
    assertThat(counts[2]).isLessThan(5);
  }

  @Test
  void aHighTemperatureFlattensALowOneSharpens() {
    int lowCount = 0;
    int highCount = 0;
    for (int i = 0; i < 300; i++) {
      if (TokenSampler.sample(LOGITS, Fixed.ONE / 8, 4, i) == 0) {
        lowCount++;
      }
      if (TokenSampler.sample(LOGITS, 50L * Fixed.ONE, 4, i) == 0) {
        highCount++;
      }
    }
    assertThat(lowCount).isZero();
    assertThat(highCount).isGreaterThan(30);
  }

  @Test
  void refusesTemperaturesOutsideTheRangeAndEmptyRows() {
    assertThatThrownBy(() -> TokenSampler.sample(LOGITS, -1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenSampler.sample(LOGITS, TokenSampler.MAX_TEMPERATURE + 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenSampler.sample(new int[0], Fixed.ONE, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
