package io.tribunal.core.commit;

import java.nio.ByteBuffer;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Ethereum keccak256 (not NIST SHA3-256) via Bouncy Castle, with a builder for the big-endian byte
 * layouts the Solidity side rebuilds with abi.encodePacked.
 */
public final class Keccak {
  private static final ThreadLocal<KeccakDigest> DIGEST =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak() {}

  public static Hash32 hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  public static Hash32 hash(byte[] data, int off, int len) {
    KeccakDigest d = DIGEST.get();
    d.reset();
    d.update(data, off, len);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return new Hash32(out);
  }

  /** Starts a packed big-endian message. */
  public static Packer packer(int capacity) {
    return new Packer(capacity);
  }

  /** Accumulates big-endian fields, then hashes them. */
  public static final class Packer {
    private ByteBuffer buf;

    private Packer(int capacity) {
      buf = ByteBuffer.allocate(Math.max(capacity, 16));
    }

    private void ensure(int n) {
      if (buf.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }

    public Packer u8(int v) {
      ensure(1);
      buf.put((byte) v);
      return this;
    }

    public Packer u32(int v) {
      ensure(4);
      buf.putInt(v);
      return this;
    }

    public Packer u64(long v) {
      ensure(8);
      buf.putLong(v);
      return this;
    }

    /** A uint256 word holding a non-negative long (abi.encode of a small uint). */
    public Packer u256(long v) {
      ensure(32);
      buf.put(new byte[24]);
      buf.putLong(v);
      return this;
    }

    public Packer hash(Hash32 h) {
      return bytes(h.bytes());
    }

    public Packer bytes(byte[] b) {
      ensure(b.length);
      buf.put(b);
      return this;
    }

    public Packer ints(int[] values) {
      ensure(4 * values.length);
      for (int v : values) {
        buf.putInt(v);
      }
      return this;
    }

    public byte[] toBytes() {
      byte[] out = new byte[buf.position()];
      buf.get(0, out);
      return out;
    }

    public Hash32 keccak() {
      return Keccak.hash(buf.array(), 0, buf.position());
    }
  }
}
