package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedExp;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Masked row softmax of attention scores: S is G blocks of T rows, T wide; row r is query position
 * i = r mod T of its block, and element (r, c) is 0 for c > i, else the softmax over columns 0..i
 * of row r by exactly the rules of {@link FixedExp#softmaxAt} restricted to that prefix ({@link
 * FixedExp#softmaxPrefixAt}). The masked columns are never read, so a later key cannot change an
 * earlier query's probabilities. One element reads one row. Attributes: (T).
 */
public record CausalSoftmax(int context) implements Op {
  /** Work units per softmax entry (a fixed-point exp and a division) for {@link Parallel}. */
  private static final long EXP_COST = 32;

  public CausalSoftmax {
    Blocks.positive("causal_softmax", "T", context);
  }

  @Override
  public String name() {
    return "causal_softmax";
  }

  @Override
  public long[] attributes() {
    return new long[] {context};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape s = in.get(0);
    Blocks.width(name(), "S", s, context);
    Blocks.blocks(name(), "S", s, context);
    return s;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] s = in.get(0).data();
    int[][] p = new int[out.rows()][];
    parallel.forWork(
        out.rows(), EXP_COST * context, r -> p[r] = FixedExp.softmaxPrefix(s[r], r % context + 1));
    return Tensor.wrap(out.cols(), p);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int query = row % context;
    return col > query ? 0 : FixedExp.softmaxPrefixAt(rows.row(0, row), query + 1, col);
  }
}
