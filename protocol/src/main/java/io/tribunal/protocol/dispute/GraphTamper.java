package io.tribunal.protocol.dispute;

import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * How a cheating solver's op-graph run departs from the honest one (test cheats): a different
 * initial state, or a different output of some node at some step, which later nodes then read.
 */
public interface GraphTamper {
  /** The honest run. */
  GraphTamper NONE = new GraphTamper() {};

  /** The initial state the solver commits, given the honest one. */
  default List<Tensor> initial(List<Tensor> honest) {
    return honest;
  }

  /** The output of node {@code node} at step {@code step}, given the honest computation. */
  default Tensor output(long step, int node, Tensor computed) {
    return computed;
  }

  /**
   * Adds {@code delta} (Q16.16 units) to element (row, col) of node {@code node} at {@code step}.
   */
  static GraphTamper flip(long step, int node, int row, int col, int delta) {
    return new GraphTamper() {
      @Override
      public Tensor output(long s, int n, Tensor computed) {
        if (s != step || n != node) {
          return computed;
        }
        int[][] rows = new int[computed.rows()][];
        for (int r = 0; r < rows.length; r++) {
          rows[r] = computed.row(r).clone();
        }
        rows[row][col] += delta;
        return Tensor.wrap(computed.cols(), rows);
      }
    };
  }
}
