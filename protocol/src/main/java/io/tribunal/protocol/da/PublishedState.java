package io.tribunal.protocol.da;

import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A state being rebuilt from published rows: every parameter tensor filled row by row, complete
 * only when every row of every tensor arrived. Rows are taken as published; the contract checked
 * each against the committed roots before emitting it.
 */
public final class PublishedState {
  private final List<int[]> shapes;
  private final int[][][] rows;
  private int missing;

  public PublishedState(List<int[]> shapes) {
    this.shapes = List.copyOf(shapes);
    this.rows = new int[shapes.size()][][];
    for (int t = 0; t < shapes.size(); t++) {
      rows[t] = new int[shapes.get(t)[0]][];
      missing += shapes.get(t)[0];
    }
  }

  /** Adds rows {@code firstRow ..} of parameter {@code tensor} (packed big-endian int32s). */
  public void add(int tensor, int firstRow, List<byte[]> packed) {
    if (tensor < 0 || tensor >= shapes.size()) {
      throw new IllegalArgumentException("no parameter tensor " + tensor);
    }
    int cols = shapes.get(tensor)[1];
    for (int i = 0; i < packed.size(); i++) {
      int r = firstRow + i;
      int[] row = PackedRow.unpack(packed.get(i));
      if (r >= rows[tensor].length || row.length != cols) {
        throw new IllegalArgumentException(
            "row " + r + " of tensor " + tensor + " does not fit its shape");
      }
      if (rows[tensor][r] == null) {
        missing--;
      }
      rows[tensor][r] = row;
    }
  }

  /** Parameter {@code tensor}, if all its rows arrived. */
  public Optional<Tensor> tensor(int tensor) {
    for (int[] row : rows[tensor]) {
      if (row == null) {
        return Optional.empty();
      }
    }
    return Optional.of(Tensor.wrap(shapes.get(tensor)[1], rows[tensor]));
  }

  public boolean complete() {
    return missing == 0;
  }

  /** Rows still missing. */
  public int missing() {
    return missing;
  }

  /** The parameters, once complete. */
  public List<Tensor> parameters() {
    if (!complete()) {
      throw new IllegalStateException(missing + " rows were never published");
    }
    List<Tensor> out = new ArrayList<>(shapes.size());
    for (int t = 0; t < shapes.size(); t++) {
      out.add(Tensor.wrap(shapes.get(t)[1], rows[t]));
    }
    return out;
  }
}
