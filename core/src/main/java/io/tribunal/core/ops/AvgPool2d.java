package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedPool;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Average pooling: X is B x (C*H*W), Y is B x (C*OH*OW) with Y[b][(c, oy, ox)] = {@link
 * FixedPool#mean}(exact sum of the size x size window, size^2): one rounding, half up. One element
 * reads row b of X.
 */
public record AvgPool2d(PoolGeometry geometry) implements Op {
  @Override
  public String name() {
    return "avg_pool2d";
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
    return new MaxPool2d(geometry).outputShape(in);
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
              long sum = 0;
              for (int s = 0; s < taps; s++) {
                sum += x[b][base + map[p * taps + s]];
              }
              y[b][c * positions + p] = FixedPool.mean(sum, taps);
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
    int[] xr = rows.row(0, row);
    int positions = g.outPlane();
    int base = col / positions * g.plane();
    int p = col % positions;
    long sum = 0;
    for (int ky = 0; ky < g.kernelHeight(); ky++) {
      for (int kx = 0; kx < g.kernelWidth(); kx++) {
        sum += xr[base + g.source(p / g.outWidth(), p % g.outWidth(), ky, kx)];
      }
    }
    return FixedPool.mean(sum, g.taps());
  }
}
