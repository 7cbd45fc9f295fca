package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Max pooling: X is B x (C*H*W), Y is B x (C*OH*OW) with Y[b][(c, oy, ox)] = the largest X[b][c,
 * oy*s + ky, ox*s + kx] over the size x size window. Exact (no rounding); one element reads row b
 * of X.
 */
public record MaxPool2d(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "max_pool2d";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public long[] attributes() {
    return geometry.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    ConvGeometry g = geometry.conv();
    ConvShapes.requireCols(name(), "input", in.get(0), g.imageCols());
    return new Shape(
        in.get(0).rows(), ConvGeometry.checkedProduct(g.channels(), g.outHeight(), g.outWidth()));
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    ConvGeometry g = geometry.conv();
    int[] map = g.tapMap();
    int taps = g.taps();
    int positions = g.outPlane();
    int[][] x = in.get(0).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        (long) out.cols() * taps,
        b -> {
          for (int c = 0; c < g.channels(); c++) {
            int base = c * g.plane();
            for (int p = 0; p < positions; p++) {
              int max = Integer.MIN_VALUE;
              for (int s = 0; s < taps; s++) {
                max = Math.max(max, x[b][base + map[p * taps + s]]);
              }
              y[b][c * positions + p] = max;
            }
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    ConvGeometry g = geometry.conv();
    int positions = g.outPlane();
    int p = col % positions;
    return rows.row(0, row)[
        winner(g, rows.row(0, row), col / positions, p / g.outWidth(), p % g.outWidth())];
  }

  /**
   * The index into an image row of the FIRST largest value of window (oy, ox) of channel c, taps
   * scanned row-major (ky, then kx): a later tap wins only when strictly larger.
   */
  static int winner(ConvGeometry g, int[] x, int c, int oy, int ox) {
    int base = c * g.plane();
    int best = base + g.source(oy, ox, 0, 0);
    for (int ky = 0; ky < g.kernelHeight(); ky++) {
      for (int kx = 0; kx < g.kernelWidth(); kx++) {
        int i = base + g.source(oy, ox, ky, kx);
        if (x[i] > x[best]) {
          best = i;
        }
      }
    }
    return best;
  }
}
