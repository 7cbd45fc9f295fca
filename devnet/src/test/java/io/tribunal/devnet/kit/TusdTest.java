package io.tribunal.devnet.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TusdTest {
  @Test
  void wholeTusdAreSixDecimals() {
    assertThat(Tusd.of(25)).isEqualTo(BigInteger.valueOf(25_000_000));
  }

  @Test
  void formatsWithoutTrailingZeros() {
    assertThat(Tusd.format(Tusd.of(25))).isEqualTo("25");
    assertThat(Tusd.format(BigInteger.valueOf(2_500_000))).isEqualTo("2.5");
    assertThat(Tusd.format(BigInteger.valueOf(1))).isEqualTo("0.000001");
    assertThat(Tusd.format(BigInteger.ZERO)).isEqualTo("0");
  }
}
