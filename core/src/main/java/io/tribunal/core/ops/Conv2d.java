package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * 2-D convolution (cross-correlation) with zero padding: X is B x (C*H*W), K is OC x (C*KH*KW), Y
 * is B x (OC*OH*OW) with Y[b][(oc, oy, ox)] = saturate(roundShift(sum_(c,ky,kx) X[b][c, oy*s + ky -
 * p, ox*s + kx - p] * K[oc][c, ky, kx], 16)), pixels outside the image reading 0. The sum is exact
 * and rounded once, as {@link Fixed#dot}; one element reads row b of X and row oc of K.
 */
public record Conv2d(ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2d";
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
    ConvShapes.requireCols(name(), "input", in.get(0), geometry.imageCols());
    ConvShapes.requireCols(name(), "kernel", in.get(1), geometry.kernelCols());
    return new Shape(
        in.get(0).rows(),
        ConvGeometry.checkedProduct(in.get(1).rows(), geometry.outHeight(), geometry.outWidth()));
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[][] k = in.get(1).data();
    int kc = geometry.kernelCols();
    if (!Fixed.fitsFastPath(kc, MatMul.maxAbs(x), MatMul.maxAbs(k))) {
      return ConvShapes.byElement(this, in, out, parallel, kc);
    }
    int[] map = geometry.tapMap();
    int taps = geometry.taps();
    int plane = geometry.plane();
    int positions = geometry.outPlane();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        (long) out.cols() * kc,
        b -> {
          // The sample's patches (im2col): patch p holds the kc values kernel taps meet there.
          int[] xb = x[b];
          int[] patches = new int[positions * kc];
          for (int p = 0; p < positions; p++) {
            for (int c = 0; c < geometry.channels(); c++) {
              for (int s = 0; s < taps; s++) {
                int src = map[p * taps + s];
                patches[p * kc + c * taps + s] = src < 0 ? 0 : xb[c * plane + src];
              }
            }
          }
          int[] yb = y[b];
          for (int oc = 0; oc < k.length; oc++) {
            int[] kr = k[oc];
            for (int p = 0; p < positions; p++) {
              long acc = 0;
              int base = p * kc;
              for (int t = 0; t < kc; t++) {
                acc += (long) kr[t] * patches[base + t];
              }
              yb[oc * positions + p] = Fixed.finishDot(acc);
            }
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col / geometry.outPlane()));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int positions = geometry.outPlane();
    int[] xr = rows.row(0, row);
    int[] kr = rows.row(1, col / positions);
    int p = col % positions;
    int oy = p / geometry.outWidth();
    int ox = p % geometry.outWidth();
    ExactSum sum = new ExactSum();
    for (int c = 0; c < geometry.channels(); c++) {
      for (int ky = 0; ky < geometry.kernelHeight(); ky++) {
        for (int kx = 0; kx < geometry.kernelWidth(); kx++) {
          int src = geometry.source(oy, ox, ky, kx);
          if (src >= 0) {
            sum.add(
                xr[c * geometry.plane() + src],
                kr[(c * geometry.kernelHeight() + ky) * geometry.kernelWidth() + kx]);
          }
        }
      }
    }
    return sum.finishDot();
  }
}
