package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Per-channel bias of a convolution output: Z is B x (C*S) (C planes of S = OH*OW values), bias is
 * C x 1 (one leaf per channel, as the MLP's biases), Y[b][(c, s)] = saturate(Z[b][(c, s)] +
 * bias[c][0]). One element reads row b of Z and row c = col / S of the bias. Attributes: C, S.
 */
public record AddChannelBias(int channels, int block) implements Op {
  public AddChannelBias {
    ConvShapes.requireBlocks("add_channel_bias", channels, block);
  }

  @Override
  public String name() {
    return "add_channel_bias";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public long[] attributes() {
    return new long[] {channels, block};
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    ConvShapes.requireCols(name(), "input", in.get(0), (long) channels * block);
    ConvShapes.requireRows(name(), "bias", in.get(1), channels);
    ConvShapes.requireCols(name(), "bias", in.get(1), 1);
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] z = in.get(0).data();
    int[][] bias = in.get(1).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        b -> {
          for (int j = 0; j < out.cols(); j++) {
            y[b][j] = Fixed.add(z[b][j], bias[j / block][0]);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col / block));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.add(rows.row(0, row)[col], rows.row(1, col / block)[0]);
  }
}
