package io.tribunal.protocol.da;

import java.util.ArrayList;
import java.util.List;

/**
 * How a chunk of rows is laid out in an EIP-4844 blob: the rows' bytes, concatenated, fill the
 * blob's 4096 field elements 31 bytes at a time, in bytes 1..31 of each 32-byte element (byte 0
 * stays zero, so every element is below the BLS12-381 modulus); the rest is zero. One blob carries
 * up to {@link #DATA_BYTES} bytes, more than a chunk's {@link StateChunks#MAX_CHUNK_BYTES}.
 */
public final class BlobCodec {
  /** Bytes of one blob (EIP-4844). */
  public static final int BLOB_BYTES = 131_072;

  /** Data bytes one blob carries: 4096 field elements of 31 bytes. */
  public static final int DATA_BYTES = 4096 * 31;

  private BlobCodec() {}

  /** The blob carrying {@code rows}, concatenated. */
  public static byte[] encode(List<byte[]> rows) {
    int total = rows.stream().mapToInt(r -> r.length).sum();
    if (total > DATA_BYTES) {
      throw new IllegalArgumentException(
          "a blob carries at most " + DATA_BYTES + " bytes, not " + total);
    }
    byte[] blob = new byte[BLOB_BYTES];
    int at = 0;
    for (byte[] row : rows) {
      for (byte b : row) {
        blob[position(at++)] = b;
      }
    }
    return blob;
  }

  /**
   * The {@code count} rows of {@code rowBytes} bytes each that {@code blob} carries.
   *
   * @throws IllegalArgumentException if the blob is not one {@link #encode} could have made for
   *     such rows (wrong size, a non-zero top byte, or non-zero bytes past the rows)
   */
  public static List<byte[]> decode(byte[] blob, int count, int rowBytes) {
    if (blob.length != BLOB_BYTES) {
      throw new IllegalArgumentException("a blob has " + BLOB_BYTES + " bytes, not " + blob.length);
    }
    long total = (long) count * rowBytes;
    if (count < 0 || rowBytes <= 0 || total > DATA_BYTES) {
      throw new IllegalArgumentException(count + " rows of " + rowBytes + " bytes do not fit");
    }
    for (int e = 0; e < 4096; e++) {
      if (blob[32 * e] != 0) {
        throw new IllegalArgumentException("field element " + e + " has a non-zero top byte");
      }
    }
    for (int at = (int) total; at < DATA_BYTES; at++) {
      if (blob[position(at)] != 0) {
        throw new IllegalArgumentException("the blob carries bytes past its " + count + " rows");
      }
    }
    List<byte[]> rows = new ArrayList<>(count);
    int at = 0;
    for (int r = 0; r < count; r++) {
      byte[] row = new byte[rowBytes];
      for (int i = 0; i < rowBytes; i++) {
        row[i] = blob[position(at++)];
      }
      rows.add(row);
    }
    return rows;
  }

  /** Index in the blob of data byte {@code at}. */
  private static int position(int at) {
    return 32 * (at / 31) + 1 + at % 31;
  }
}
