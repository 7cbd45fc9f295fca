package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedPool;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient of {@link AvgPool2d}: dY is B x (C*OH*OW), dX is B x (C*H*W) with dX[b][(c, y, x)] =
 * {@link FixedPool#mean}(exact sum of dY[b][(c, oy, ox)] over the windows covering (y, x), size^2):
 * the overlapping shares dY / size^2 are added exactly and rounded once. One element reads row b of
 * dY. The input width is fixed by the attributes (C*H*W), so the op takes dY alone.
 */
public record AvgPool2dBackward(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "avg_pool2d_backward";
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
    ConvShapes.requireCols(name(), "gradient", in.get(0), (long) g.channels() * g.outPlane());
    return new Shape(in.get(0).rows(), g.imageCols());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    ConvGeometry g = geometry.conv();
    int[] map = g.tapMap();
    int taps = g.taps();
    int positions = g.outPlane();
    int[][] dy = in.get(0).data();
    int[][] dx = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        (long) in.get(0).cols() * taps + out.cols(),
        b -> {
          long[] acc = new long[out.cols()];
          for (int c = 0; c < g.channels(); c++) {
            int base = c * g.plane();
            for (int p = 0; p < positions; p++) {
              long v = dy[b][c * positions + p];
              for (int s = 0; s < taps; s++) {
                acc[base + map[p * taps + s]] += v;
              }
            }
          }
          for (int j = 0; j < acc.length; j++) {
            dx[b][j] = FixedPool.mean(acc[j], taps);
          }
        });
    return Tensor.wrap(out.cols(), dx);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    ConvGeometry g = geometry.conv();
    int[] dyr = rows.row(0, row);
    int c = col / g.plane();
    int y = col % g.plane() / g.width();
    int x = col % g.width();
    long sum = 0;
    for (int oy = MaxPool2dBackward.firstWindow(y, g);
        oy <= MaxPool2dBackward.lastWindow(y, g.outHeight(), g);
        oy++) {
      for (int ox = MaxPool2dBackward.firstWindow(x, g);
          ox <= MaxPool2dBackward.lastWindow(x, g.outWidth(), g);
          ox++) {
        sum += dyr[(c * g.outHeight() + oy) * g.outWidth() + ox];
      }
    }
    return FixedPool.mean(sum, g.taps());
  }
}
