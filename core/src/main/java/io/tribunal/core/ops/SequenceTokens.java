package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code sequence_tokens(T, offset)}: the token ids of a batch of text windows as one id per row. W
 * is B x n window rows of plain token ids (n >= T + offset); the output is (B·T) x 1 with element
 * (b·T + t, 0) = W[b][t + offset]. Offset 0 gives a language model's inputs, offset 1 its
 * next-token targets. One element reads row b = r / T of W. Attributes: (T, offset).
 */
public record SequenceTokens(int context, int offset) implements Op {
  public SequenceTokens {
    if (context < 1 || offset < 0) {
      throw new IllegalArgumentException(
          "sequence_tokens needs T >= 1 and offset >= 0, got " + context + " and " + offset);
    }
  }

  @Override
  public String name() {
    return "sequence_tokens";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public long[] attributes() {
    return new long[] {context, offset};
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape w = in.get(0);
    if ((long) w.cols() < (long) context + offset) {
      throw new IllegalArgumentException(
          "sequence_tokens("
              + context
              + ", "
              + offset
              + ") needs windows of at least "
              + ((long) context + offset)
              + " tokens, got "
              + w);
    }
    long rows = (long) w.rows() * context;
    if (rows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sequence_tokens output is too tall: " + rows);
    }
    return new Shape((int) rows, 1);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] w = in.get(0).data();
    int[][] y = new int[out.rows()][1];
    parallel.forWork(
        w.length,
        context,
        b -> {
          for (int t = 0; t < context; t++) {
            y[b * context + t][0] = w[b][t + offset];
          }
        });
    return Tensor.wrap(1, y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row / context));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, row / context)[row % context + offset];
  }
}
