package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient of {@link Conv2d} w.r.t. its input: dY is B x (OC*OH*OW), KT = channels_by_row(C)(K) is
 * C x (OC*KH*KW) (KT[c][(oc, ky, kx)] = K[oc][c, ky, kx]), dX is B x (C*H*W) with dX[b][(c, y, x)]
 * = saturate(roundShift(sum dY[b][oc, oy, ox] * KT[c][oc, ky, kx], 16)) over every (oc, ky, kx)
 * with y = oy*s + ky - p and x = ox*s + kx - p for an output position (oy, ox) inside OH x OW. The
 * sum is exact and rounded once; one element reads row b of dY and row c of KT.
 */
public record Conv2dInputGrad(ConvGeometry geometry) implements Op {
  @Override
  public String name() {
    return "conv2d_input_grad";
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
    Shape kt = in.get(1);
    ConvShapes.requireRows(name(), "kernel (one per input channel)", kt, geometry.channels());
    int outChannels = ConvShapes.units(name(), "kernel", kt, geometry.taps());
    ConvShapes.requireCols(name(), "gradient", in.get(0), (long) outChannels * geometry.outPlane());
    return new Shape(in.get(0).rows(), geometry.imageCols());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] dy = in.get(0).data();
    int[][] kt = in.get(1).data();
    int taps = geometry.taps();
    int terms = in.get(1).cols(); // OC * KH * KW bounds the terms of one element
    if (!Fixed.fitsFastPath(terms, MatMul.maxAbs(dy), MatMul.maxAbs(kt))) {
      return ConvShapes.byElement(this, in, out, parallel, terms);
    }
    int[] map = geometry.tapMap();
    int plane = geometry.plane();
    int positions = geometry.outPlane();
    int outChannels = terms / taps;
    int[][] dx = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        (long) outChannels * positions * geometry.kernelCols(),
        b -> {
          // Scatter form: each upstream gradient meets the taps that read a pixel; sums are exact.
          long[] acc = new long[out.cols()];
          int[] dyb = dy[b];
          for (int oc = 0; oc < outChannels; oc++) {
            for (int p = 0; p < positions; p++) {
              long g = dyb[oc * positions + p];
              if (g == 0) {
                continue;
              }
              for (int c = 0; c < geometry.channels(); c++) {
                int[] kr = kt[c];
                int accBase = c * plane;
                int kBase = oc * taps;
                for (int s = 0; s < taps; s++) {
                  int src = map[p * taps + s];
                  if (src >= 0) {
                    acc[accBase + src] += g * kr[kBase + s];
                  }
                }
              }
            }
          }
          int[] dxb = dx[b];
          for (int j = 0; j < dxb.length; j++) {
            dxb[j] = Fixed.finishDot(acc[j]);
          }
        });
    return Tensor.wrap(out.cols(), dx);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col / geometry.plane()));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] dyr = rows.row(0, row);
    int[] kr = rows.row(1, col / geometry.plane());
    int q = col % geometry.plane();
    int y = q / geometry.width();
    int x = q % geometry.width();
    int taps = geometry.taps();
    int outChannels = kr.length / taps;
    int positions = geometry.outPlane();
    ExactSum sum = new ExactSum();
    for (int ky = 0; ky < geometry.kernelHeight(); ky++) {
      int oy =
          ConvShapes.outIndex(y, ky, geometry.padding(), geometry.stride(), geometry.outHeight());
      for (int kx = 0; oy >= 0 && kx < geometry.kernelWidth(); kx++) {
        int ox =
            ConvShapes.outIndex(x, kx, geometry.padding(), geometry.stride(), geometry.outWidth());
        if (ox < 0) {
          continue;
        }
        int s = ky * geometry.kernelWidth() + kx;
        for (int oc = 0; oc < outChannels; oc++) {
          sum.add(dyr[oc * positions + oy * geometry.outWidth() + ox], kr[oc * taps + s]);
        }
      }
    }
    return sum.finishDot();
  }
}
