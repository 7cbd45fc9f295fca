package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackedRowTest {
  @Test
  void packsBigEndianFourBytesPerElementAndRoundTrips() {
    int[] row = {Integer.MIN_VALUE, -1, 0, 1, 65536, Integer.MAX_VALUE};
    byte[] packed = PackedRow.pack(row);
    assertThat(packed).hasSize(24);
    assertThat(packed).startsWith((byte) 0x80, (byte) 0, (byte) 0, (byte) 0, (byte) 0xFF);
    assertThat(PackedRow.unpack(packed)).containsExactly(row);
  }

  @Test
  void rejectsBytesThatAreNotWholeElements() {
    assertThatThrownBy(() -> PackedRow.unpack(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
  }
}
