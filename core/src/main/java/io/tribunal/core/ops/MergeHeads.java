package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * The inverse of {@link SplitHeads}: (B*H*T) x dh to (B*T) x (H*dh), element (b*T + t, h*dh + e) =
 * Y[(b*H + h)*T + t][e]. One element reads one row. Attributes: (T, H, dh); dh is an attribute
 * because it fixes which input row an output column comes from.
 */
public record MergeHeads(int context, int heads, int headDim) implements Op {
  public MergeHeads {
    Blocks.positive("merge_heads", "T", context);
    Blocks.positive("merge_heads", "H", heads);
    Blocks.positive("merge_heads", "dh", headDim);
  }

  @Override
  public String name() {
    return "merge_heads";
  }

  @Override
  public long[] attributes() {
    return new long[] {context, heads, headDim};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape y = in.get(0);
    Blocks.width(name(), "Y", y, headDim);
    Blocks.blocks(name(), "Y", y, (long) heads * context);
    long width = (long) heads * headDim;
    if (width > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("merge_heads output width " + width + " is too large");
    }
    return new Shape(y.rows() / heads, (int) width);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] y = in.get(0).data();
    int[][] x = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          for (int h = 0; h < heads; h++) {
            System.arraycopy(y[source(r, h)], 0, x[r], h * headDim, headDim);
          }
        });
    return Tensor.wrap(out.cols(), x);
  }

  /** The input row of head h at output row r = b*T + t: (b*H + h)*T + t. */
  private int source(int r, int h) {
    return (int) (((long) (r / context) * heads + h) * context + r % context);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, source(row, col / headDim)));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, source(row, col / headDim))[col % headDim];
  }
}
