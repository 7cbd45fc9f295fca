package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient of {@link MaxPool2d}: dY is B x (C*OH*OW), X is the pooled input B x (C*H*W), dX is B x
 * (C*H*W) with dX[b][(c, y, x)] = saturate(sum of dY[b][(c, oy, ox)] over the windows whose winner
 * is (y, x)). A window's winner is its FIRST largest value in row-major tap order (ky, then kx);
 * overlapping windows add their gradients exactly. One element reads row b of dY and row b of X.
 */
public record MaxPool2dBackward(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "max_pool2d_backward";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public long[] attributes() {
    return geometry.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape pooled = new MaxPool2d(geometry).outputShape(List.of(in.get(1)));
    if (!in.get(0).equals(pooled)) {
      throw new IllegalArgumentException(
          name()
              + " needs a "
              + pooled
              + " gradient for a "
              + in.get(1)
              + " input, got "
              + in.get(0));
    }
    return in.get(1);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    ConvGeometry g = geometry.conv();
    int positions = g.outPlane();
    int[][] dy = in.get(0).data();
    int[][] x = in.get(1).data();
    int[][] dx = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        (long) in.get(0).cols() * g.taps() + out.cols(),
        b -> {
          long[] acc = new long[out.cols()];
          for (int c = 0; c < g.channels(); c++) {
            for (int p = 0; p < positions; p++) {
              int win = MaxPool2d.winner(g, x[b], c, p / g.outWidth(), p % g.outWidth());
              acc[win] += dy[b][c * positions + p];
            }
          }
          int[] row = new int[acc.length];
          for (int j = 0; j < row.length; j++) {
            row[j] = Fixed.saturate(acc[j]);
          }
          dx[b] = row;
        });
    return Tensor.wrap(out.cols(), dx);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    ConvGeometry g = geometry.conv();
    int[] dyr = rows.row(0, row);
    int[] xr = rows.row(1, row);
    int c = col / g.plane();
    int q = col % g.plane();
    long sum = 0;
    for (int oy = firstWindow(q / g.width(), g);
        oy <= lastWindow(q / g.width(), g.outHeight(), g);
        oy++) {
      for (int ox = firstWindow(q % g.width(), g);
          ox <= lastWindow(q % g.width(), g.outWidth(), g);
          ox++) {
        if (MaxPool2d.winner(g, xr, c, oy, ox) == col) {
          sum += dyr[(c * g.outHeight() + oy) * g.outWidth() + ox];
        }
      }
    }
    return Fixed.saturate(sum);
  }

  /** The first window (along one axis) that covers pixel coordinate v: ceil((v - size + 1) / s). */
  static int firstWindow(int v, ConvGeometry g) {
    int t = v - g.kernelHeight() + 1;
    return t <= 0 ? 0 : (t + g.stride() - 1) / g.stride();
  }

  /** The last window (along one axis) that covers v: min(floor(v / s), outSize - 1). */
  static int lastWindow(int v, int outSize, ConvGeometry g) {
    return Math.min(v / g.stride(), outSize - 1);
  }
}
