package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Head layout of multi-head attention: X ((B*T) x d, row b*T + t is position t of sequence b) to
 * (B*H*T) x dh with dh = d / H, row (b*H + h)*T + t = X[b*T + t][h*dh .. h*dh + dh). Each head's T
 * x dh block is contiguous, so the blocked ops work per (sequence, head) group. One element reads
 * one row of X. Attributes: (T, H).
 */
public record SplitHeads(int context, int heads) implements Op {
  public SplitHeads {
    Blocks.positive("split_heads", "T", context);
    Blocks.positive("split_heads", "H", heads);
  }

  @Override
  public String name() {
    return "split_heads";
  }

  @Override
  public long[] attributes() {
    return new long[] {context, heads};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape x = in.get(0);
    Blocks.blocks(name(), "X", x, context);
    if (x.cols() % heads != 0) {
      throw new IllegalArgumentException(
          "split_heads needs a row width divisible by H=" + heads + ", got " + x);
    }
    return Blocks.shape(name(), (long) x.rows() * heads, x.cols() / heads);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int dh = out.cols();
    int[][] y = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        dh,
        r -> {
          int from = head(r) * dh;
          y[r] = Arrays.copyOfRange(x[source(r)], from, from + dh);
        });
    return Tensor.wrap(dh, y);
  }

  /** The row of X that output row r comes from: b*T + t. */
  private int source(int r) {
    long group = (long) heads * context;
    return (int) (r / group * context + r % context);
  }

  private int head(int r) {
    return (r / context) % heads;
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, source(row)));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] x = rows.row(0, source(row));
    return x[head(row) * (x.length / heads) + col];
  }
}
