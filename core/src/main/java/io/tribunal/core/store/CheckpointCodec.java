package io.tribunal.core.store;

import io.tribunal.core.model.ModelState;
import io.tribunal.core.tensor.Tensor;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary checkpoint layout: "TRBCKPT1", uint64 step, uint32 tensor count, then per tensor uint32
 * rows, uint32 cols and rows*cols big-endian int32 values (row-major). Decoding rejects any
 * structural mismatch (the content hash has already been checked by the store).
 */
final class CheckpointCodec {
  static final byte[] MAGIC = "TRBCKPT1".getBytes(StandardCharsets.US_ASCII);

  private CheckpointCodec() {}

  static byte[] encode(ModelState state) {
    long size = MAGIC.length + 12;
    for (Tensor t : state.parameters()) {
      size += 8 + 4L * t.rows() * t.cols();
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
    b.put(MAGIC).putLong(state.step()).putInt(state.parameters().size());
    for (Tensor t : state.parameters()) {
      b.putInt(t.rows()).putInt(t.cols());
      IntBuffer values = b.asIntBuffer(); // one big-endian view per tensor, bulk row copies
      for (int i = 0; i < t.rows(); i++) {
        values.put(t.row(i));
      }
      b.position(b.position() + 4 * values.position());
    }
    return b.array();
  }

  /** Decodes or throws IllegalArgumentException describing the defect. */
  static ModelState decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("bad magic");
      }
      long step = b.getLong();
      int count = b.getInt();
      if (count < 0 || count > 1024) {
        throw new IllegalArgumentException("implausible tensor count " + count);
      }
      List<Tensor> params = new ArrayList<>(count);
      for (int p = 0; p < count; p++) {
        int rows = b.getInt();
        int cols = b.getInt();
        if (rows < 0 || cols < 0 || (long) rows * cols * 4 > b.remaining()) {
          throw new IllegalArgumentException("tensor " + p + " shape exceeds the file");
        }
        int[][] data = new int[rows][cols];
        IntBuffer values = b.asIntBuffer();
        for (int i = 0; i < rows; i++) {
          values.get(data[i]);
        }
        b.position(b.position() + 4 * values.position());
        params.add(Tensor.wrap(cols, data));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes");
      }
      return new ModelState(step, params);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated");
    }
  }
}
