package io.tribunal.protocol.da;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.dispute.MerkleLevels;
import io.tribunal.protocol.dispute.RowTrees;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.ArrayList;
import java.util.List;

/**
 * How a committed state is published for a data demand, and rebuilt from it. Each parameter tensor
 * goes out in aligned blocks of 2^h rows (the last block may be short, padded with zero leaves in
 * the row tree), as large as fits {@link #MAX_CHUNK_BYTES}; each block carries the siblings of its
 * subtree in the tensor's row tree, which is what DataAvailability.publishRows checks.
 */
public final class StateChunks {
  /** DataAvailability.MAX_CHUNK_BYTES: row data per transaction. */
  public static final int MAX_CHUNK_BYTES = 96 * 1024;

  private StateChunks() {}

  /**
   * One publishRows call: rows {@code firstRow ..} of parameter {@code tensor}, packed big-endian
   * int32s, and the bottom-up siblings of their block in the tensor's row tree.
   */
  public record Chunk(int tensor, int firstRow, List<byte[]> rows, List<Hash32> siblings) {
    public int bytes() {
      return rows.stream().mapToInt(r -> r.length).sum();
    }
  }

  /** The chunks of a state's parameters, in publication order. */
  public static List<Chunk> of(List<Tensor> parameters) {
    List<Chunk> out = new ArrayList<>();
    for (int t = 0; t < parameters.size(); t++) {
      Tensor p = parameters.get(t);
      MerkleLevels tree = RowTrees.of(p);
      int block = blockRows(p.cols());
      for (int first = 0; first < p.rows(); first += block) {
        out.add(block(t, p, tree, first, Math.min(block, p.rows() - first)));
      }
    }
    return out;
  }

  /**
   * The chunk of rows {@code first ..+count} of parameter {@code tensor} (an aligned block: {@code
   * first} a multiple of the block's power-of-two size).
   */
  public static Chunk block(List<Tensor> parameters, int tensor, int first, int count) {
    Tensor p = parameters.get(tensor);
    return block(tensor, p, RowTrees.of(p), first, count);
  }

  private static Chunk block(int t, Tensor p, MerkleLevels tree, int first, int count) {
    int h = MerkleLevels.heightOf(count);
    List<byte[]> rows = new ArrayList<>(count);
    for (int r = first; r < first + count; r++) {
      rows.add(PackedRow.pack(p.row(r)));
    }
    List<Hash32> path = tree.proof(first, tree.height());
    return new Chunk(t, first, rows, List.copyOf(path.subList(h, path.size())));
  }

  /** The most rows of {@code cols} columns in one chunk: a power of two, at least one. */
  static int blockRows(int cols) {
    int rowBytes = 4 * cols;
    int b = 1;
    while ((long) b * 2 * rowBytes <= MAX_CHUNK_BYTES) {
      b *= 2;
    }
    return b;
  }

  /** Bytes of a state: 4 per parameter (DataAvailability.stateBytes). */
  public static long stateBytes(List<Integer> widths) {
    long total = 0;
    for (int l = 1; l < widths.size(); l++) {
      total += 4L * ((long) widths.get(l) * widths.get(l - 1) + widths.get(l));
    }
    return total;
  }

  /**
   * Parameter shapes {rows, cols} of an MLP of {@code widths}, in state order W1, b1, W2, b2, ...
   */
  public static List<int[]> shapes(List<Integer> widths) {
    List<int[]> out = new ArrayList<>();
    for (int l = 1; l < widths.size(); l++) {
      out.add(new int[] {widths.get(l), widths.get(l - 1)});
      out.add(new int[] {widths.get(l), 1});
    }
    return out;
  }
}
