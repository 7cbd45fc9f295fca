package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** Shape checks and the element-wise exact path shared by the convolution and pooling ops. */
final class ConvShapes {
  private ConvShapes() {}

  /** IllegalArgumentException unless C >= 1, S >= 1 and C * S fits an int. */
  static void requireBlocks(String op, int channels, int block) {
    if (channels < 1 || block < 1) {
      throw new IllegalArgumentException(
          op + " needs C >= 1 and S >= 1, got " + channels + " and " + block);
    }
    ConvGeometry.checkedProduct(channels, block, 1);
  }

  /** IllegalArgumentException unless the tensor's rows have exactly {@code cols} entries. */
  static void requireCols(String op, String what, Shape shape, long cols) {
    if (shape.cols() != cols) {
      throw new IllegalArgumentException(
          op + " needs " + what + " rows of " + cols + " values, got " + shape);
    }
  }

  /** IllegalArgumentException unless the tensor has exactly {@code rows} rows. */
  static void requireRows(String op, String what, Shape shape, long rows) {
    if (shape.rows() != rows) {
      throw new IllegalArgumentException(
          op + " needs " + rows + " " + what + " rows, got " + shape);
    }
  }

  /** The number of units of {@code unit} values in a row, or IllegalArgumentException. */
  static int units(String op, String what, Shape shape, int unit) {
    if (shape.cols() % unit != 0) {
      throw new IllegalArgumentException(
          op + " needs " + what + " rows made of whole blocks of " + unit + ", got " + shape);
    }
    return shape.cols() / unit;
  }

  /**
   * Every output element through {@code op.element} over whole tensors: the exact path kernels take
   * when int64 accumulation could overflow (extreme values), parallel by output row.
   */
  static Tensor byElement(Op op, List<Tensor> in, Shape out, Parallel parallel, long cost) {
    int[][] y = new int[out.rows()][out.cols()];
    RowSource all = (input, row) -> in.get(input).row(row);
    parallel.forWork(
        out.rows(),
        8 * cost * out.cols(),
        i -> {
          for (int j = 0; j < out.cols(); j++) {
            y[i][j] = op.element(i, j, all);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  /**
   * The output index o with o * stride + tap - padding == pixel and 0 <= o < outSize, or -1 when
   * the tap at that pixel belongs to no output position.
   */
  static int outIndex(int pixel, int tap, int padding, int stride, int outSize) {
    long t = (long) pixel + padding - tap;
    if (t < 0 || t % stride != 0 || t / stride >= outSize) {
      return -1;
    }
    return (int) (t / stride);
  }
}
