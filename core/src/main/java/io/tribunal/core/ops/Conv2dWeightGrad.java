package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient of {@link Conv2d} w.r.t. its kernel, from the channel-major layouts G =
 * channels_by_row(OC, OH*OW)(dY) (OC x (B*OH*OW)) and XC = channels_by_row(C, H*W)(X) (C x
 * (B*H*W)): dK is OC x (C*KH*KW), K's own layout, with dK[oc][(c, ky, kx)] = saturate(roundShift(
 * sum_(b,oy,ox) G[oc][b, oy, ox] * XC[c][b, oy*s + ky - p, ox*s + kx - p], 16)), padding pixels
 * reading 0. The sum over the batch is exact and rounded once; one element reads row oc of G and
 * row c of XC.
 */
public record Conv2dWeightGrad(ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2d_weight_grad";
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
    Shape xc = in.get(1);
    ConvShapes.requireRows(name(), "input (one per channel)", xc, geometry.channels());
    int batch = ConvShapes.units(name(), "input", xc, geometry.plane());
    ConvShapes.requireCols(name(), "gradient", in.get(0), (long) batch * geometry.outPlane());
    return new Shape(in.get(0).rows(), geometry.kernelCols());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] g = in.get(0).data();
    int[][] xc = in.get(1).data();
    int terms = in.get(0).cols(); // B * OH * OW terms per element
    if (!Fixed.fitsFastPath(terms, MatMul.maxAbs(g), MatMul.maxAbs(xc))) {
      return ConvShapes.byElement(this, in, out, parallel, terms);
    }
    int[] map = geometry.tapMap();
    int taps = geometry.taps();
    int plane = geometry.plane();
    int positions = geometry.outPlane();
    int batch = in.get(1).cols() / plane;
    int[][] dk = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        (long) terms * out.cols(),
        oc -> {
          long[] acc = new long[out.cols()];
          int[] gr = g[oc];
          for (int b = 0; b < batch; b++) {
            for (int p = 0; p < positions; p++) {
              long v = gr[b * positions + p];
              if (v == 0) {
                continue;
              }
              for (int c = 0; c < geometry.channels(); c++) {
                int[] xr = xc[c];
                int xBase = b * plane;
                for (int s = 0; s < taps; s++) {
                  int src = map[p * taps + s];
                  if (src >= 0) {
                    acc[c * taps + s] += v * xr[xBase + src];
                  }
                }
              }
            }
          }
          for (int j = 0; j < acc.length; j++) {
            dk[oc][j] = Fixed.finishDot(acc[j]);
          }
        });
    return Tensor.wrap(out.cols(), dk);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col / geometry.taps()));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] gr = rows.row(0, row);
    int[] xr = rows.row(1, col / geometry.taps());
    int s = col % geometry.taps();
    int ky = s / geometry.kernelWidth();
    int kx = s % geometry.kernelWidth();
    int plane = geometry.plane();
    int positions = geometry.outPlane();
    int batch = xr.length / plane;
    ExactSum sum = new ExactSum();
    for (int oy = 0; oy < geometry.outHeight(); oy++) {
      for (int ox = 0; ox < geometry.outWidth(); ox++) {
        int src = geometry.source(oy, ox, ky, kx);
        if (src < 0) {
          continue;
        }
        int p = oy * geometry.outWidth() + ox;
        for (int b = 0; b < batch; b++) {
          sum.add(gr[b * positions + p], xr[b * plane + src]);
        }
      }
    }
    return sum.finishDot();
  }
}
