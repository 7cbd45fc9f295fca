package io.tribunal.core.data;

import java.nio.ByteBuffer;

/**
 * The dataset sample encoding committed in the OpenZeppelin StandardMerkleTree: {@code
 * abi.encode(uint256 index, uint256 label, bytes features)} with features packed as big-endian
 * int32 Q16.16 values (4 bytes each; the same packing as tensor rows). The OZ leaf encoding is
 * {@code ["uint256", "uint256", "bytes"]}.
 */
public final class SampleEncoding {
  public static final String[] OZ_TYPES = {"uint256", "uint256", "bytes"};

  private SampleEncoding() {}

  public static byte[] packFeatures(int[] features) {
    ByteBuffer b = ByteBuffer.allocate(4 * features.length);
    for (int v : features) {
      b.putInt(v);
    }
    return b.array();
  }

  /** abi.encode(uint256 index, uint256 label, bytes features). */
  public static byte[] abiEncode(long index, long label, int[] features) {
    byte[] packed = packFeatures(features);
    int padded = (packed.length + 31) / 32 * 32;
    ByteBuffer b = ByteBuffer.allocate(32 * 4 + padded);
    putWord(b, index);
    putWord(b, label);
    putWord(b, 96);
    putWord(b, packed.length);
    b.put(packed);
    return b.array();
  }

  private static void putWord(ByteBuffer b, long v) {
    b.put(new byte[24]);
    b.putLong(v);
  }
}
