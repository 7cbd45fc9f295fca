package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Channel-major layout change: T is R x (C*S) (every row holds C blocks of S values), U is C x
 * (R*S) with U[c][(r, s)] = T[r][c*S + s]. Batch rows of images (S = H*W) become one row per
 * channel spanning the batch, and kernel rows K (OC x (C*KH*KW), S = KH*KW) become one row per
 * input channel (C x (OC*KH*KW)), which is what the convolution gradients read. Element (c, j)
 * reads row j / S of T. Attributes: C, S.
 */
public record ChannelsByRow(int channels, int block) implements Op {
  public ChannelsByRow {
    ConvShapes.requireBlocks("channels_by_row", channels, block);
  }

  @Override
  public String name() {
    return "channels_by_row";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public long[] attributes() {
    return new long[] {channels, block};
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    ConvShapes.requireCols(name(), "input", in.get(0), (long) channels * block);
    return new Shape(channels, ConvGeometry.checkedProduct(in.get(0).rows(), block, 1));
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] t = in.get(0).data();
    int[][] u = new int[channels][out.cols()];
    parallel.forWork(
        channels,
        out.cols(),
        c -> {
          for (int r = 0; r < t.length; r++) {
            System.arraycopy(t[r], c * block, u[c], r * block, block);
          }
        });
    return Tensor.wrap(out.cols(), u);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, col / block));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, col / block)[row * block + col % block];
  }
}
