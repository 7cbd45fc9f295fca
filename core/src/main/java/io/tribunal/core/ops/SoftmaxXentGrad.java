package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedExp;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient of softmax cross-entropy w.r.t. the logits, per sample (not divided by the batch size;
 * the SGD step size carries 1/B): G[b][k] = softmax(Z[b])[k] - (k == label[b] ? 1 : 0). Labels are
 * plain integers (not Q16.16) in a Bx1 tensor; a label outside [0, classes) matches no class. One
 * element needs the whole logit row (the class count, e.g. 10) and one label.
 */
public record SoftmaxXentGrad() implements Op {
  /** Work units per softmax entry (a fixed-point exp and a division) for {@link Parallel}. */
  private static final long EXP_COST = 32;

  @Override
  public String name() {
    return "softmax_xent_grad";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape labels = in.get(1);
    if (labels.cols() != 1 || labels.rows() != in.get(0).rows()) {
      throw new IllegalArgumentException(
          "softmax_xent_grad needs " + in.get(0).rows() + "x1 labels, got " + labels);
    }
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] z = in.get(0).data();
    int[][] labels = in.get(1).data();
    int[][] g = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        EXP_COST * out.cols(),
        b -> {
          int[] p = FixedExp.softmax(z[b]);
          int label = labels[b][0];
          if (label >= 0 && label < p.length) {
            p[label] -= Fixed.ONE;
          }
          g[b] = p;
        });
    return Tensor.wrap(out.cols(), g);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int p = FixedExp.softmaxAt(rows.row(0, row), col);
    return rows.row(1, row)[0] == col ? p - Fixed.ONE : p;
  }
}
