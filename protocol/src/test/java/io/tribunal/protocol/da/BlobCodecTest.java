package io.tribunal.protocol.da;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlobCodecTest {
  private static List<byte[]> rows(int count, int bytes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] row = new byte[bytes];
      for (int j = 0; j < bytes; j++) {
        row[j] = (byte) r.nextInt(256);
      }
      out.add(row);
    }
    return out;
  }

  @Test
  void roundTripsRowsOfEveryShapeUpToAFullChunk() {
    int[][] shapes = {{1, 4}, {3, 16}, {32, 3136}, {1, 31}, {7, 31 * 4}};
    for (int[] s : shapes) {
      List<byte[]> rows = rows(s[0], s[1], s[0] * 31L + s[1]);
      byte[] blob = BlobCodec.encode(rows);
      assertThat(blob).hasSize(BlobCodec.BLOB_BYTES);
      List<byte[]> back = BlobCodec.decode(blob, s[0], s[1]);
      assertThat(back).hasSize(s[0]);
      for (int i = 0; i < s[0]; i++) {
        assertThat(back.get(i)).isEqualTo(rows.get(i));
      }
    }
    // the largest chunk (96 KiB) fits one blob
    List<byte[]> full = rows(24, 4096, 9);
    assertThat(BlobCodec.decode(BlobCodec.encode(full), 24, 4096).get(23)).isEqualTo(full.get(23));
  }

  @Test
  void everyFieldElementStaysBelowTheModulus() {
    List<byte[]> ones = new ArrayList<>();
    byte[] row = new byte[BlobCodec.DATA_BYTES];
    java.util.Arrays.fill(row, (byte) 0xff);
    ones.add(row);
    byte[] blob = BlobCodec.encode(ones);
    for (int e = 0; e < 4096; e++) {
      assertThat(blob[32 * e]).as("top byte of element %d", e).isZero();
    }
    assertThat(BlobCodec.decode(blob, 1, BlobCodec.DATA_BYTES).get(0)).isEqualTo(row);
  }

  @Test
  void refusesWhatDoesNotFitOrWasNotEncodedSo() {
    assertThatThrownBy(() -> BlobCodec.encode(rows(1, BlobCodec.DATA_BYTES + 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    byte[] blob = BlobCodec.encode(rows(2, 8, 2));
    assertThatThrownBy(() -> BlobCodec.decode(new byte[100], 1, 4))
        .hasMessageContaining("131072 bytes");
    // fewer rows than were encoded: bytes past the rows are not zero
    assertThatThrownBy(() -> BlobCodec.decode(blob, 1, 8)).hasMessageContaining("past its 1 rows");
    byte[] topSet = blob.clone();
    topSet[32 * 100] = 1;
    assertThatThrownBy(() -> BlobCodec.decode(topSet, 2, 8)).hasMessageContaining("top byte");
    assertThatThrownBy(() -> BlobCodec.decode(blob, 5000, 31)).hasMessageContaining("do not fit");
  }
}
