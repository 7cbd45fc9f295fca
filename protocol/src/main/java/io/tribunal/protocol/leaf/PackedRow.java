package io.tribunal.protocol.leaf;

/**
 * A tensor row as the leaf evaluator reads it: big-endian int32s, 4 bytes per element, no ABI
 * padding. This is also the byte layout hashed into a row leaf after its domain tag and index, so
 * the same bytes serve the element check and the Merkle proof.
 */
public final class PackedRow {
  private PackedRow() {}

  /** Packs a row; the result has exactly {@code 4 * row.length} bytes. */
  public static byte[] pack(int[] row) {
    byte[] out = new byte[4 * row.length];
    for (int i = 0; i < row.length; i++) {
      int v = row[i];
      out[4 * i] = (byte) (v >>> 24);
      out[4 * i + 1] = (byte) (v >>> 16);
      out[4 * i + 2] = (byte) (v >>> 8);
      out[4 * i + 3] = (byte) v;
    }
    return out;
  }

  /** Unpacks bytes written by {@link #pack}; IllegalArgumentException unless a multiple of 4. */
  public static int[] unpack(byte[] packed) {
    if (packed.length % 4 != 0) {
      throw new IllegalArgumentException(
          "a packed row has a multiple of 4 bytes, got " + packed.length);
    }
    int[] row = new int[packed.length / 4];
    for (int i = 0; i < row.length; i++) {
      row[i] =
          (packed[4 * i] << 24)
              | ((packed[4 * i + 1] & 0xFF) << 16)
              | ((packed[4 * i + 2] & 0xFF) << 8)
              | (packed[4 * i + 3] & 0xFF);
    }
    return row;
  }
}
