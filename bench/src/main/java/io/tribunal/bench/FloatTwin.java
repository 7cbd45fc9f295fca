package io.tribunal.bench;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BENCHMARK BASELINE ONLY, never part of the committed computation: a float32 twin that runs the
 * same step program (same ops, same init values, same batches, same lr / B) with float arithmetic,
 * using the fastest loop shape for float (outer-product matmuls skipping zero terms), split across
 * the same pool. Used to compare speed and accuracy with the fixed-point engine.
 */
public final class FloatTwin {
  private final MlpSpec spec;
  private final float[][] dataX;
  private final int[] dataY;
  private final long seed;
  private final int batch;
  private final float stepSize;
  private final Parallel parallel;
  private List<float[][]> params;

  public FloatTwin(
      MlpSpec spec,
      Dataset train,
      List<Tensor> initialParams,
      long seed,
      int batch,
      float learningRate,
      Parallel parallel) {
    this.spec = spec;
    this.dataX = toFloat(train.features());
    this.dataY = new int[train.size()];
    for (int i = 0; i < dataY.length; i++) {
      dataY[i] = train.label(i);
    }
    this.seed = seed;
    this.batch = batch;
    this.stepSize = learningRate / batch;
    this.parallel = parallel;
    this.params = new ArrayList<>();
    for (Tensor t : initialParams) {
      params.add(toFloat(t));
    }
  }

  static float[][] toFloat(Tensor t) {
    float[][] f = new float[t.rows()][t.cols()];
    for (int i = 0; i < t.rows(); i++) {
      for (int j = 0; j < t.cols(); j++) {
        f[i][j] = t.get(i, j) / 65536f;
      }
    }
    return f;
  }

  /** Runs step t of the program in float32. */
  public void step(long t) {
    int[] idx = BatchSampler.indices(seed, t, batch, dataX.length);
    StepProgram program = StepProgram.build(spec, 0, idx);
    Map<String, float[][]> env = new HashMap<>();
    List<String> names = spec.parameterNames();
    for (int p = 0; p < names.size(); p++) {
      env.put(names.get(p), params.get(p));
    }
    for (Invocation inv : program.invocations()) {
      List<float[][]> in = new ArrayList<>();
      for (String name : inv.inputs()) {
        in.add(env.get(name));
      }
      env.put(inv.output(), apply(inv.op(), inv.inputs(), in));
    }
    List<float[][]> next = new ArrayList<>();
    for (String name : names) {
      next.add(env.get(StepProgram.next(name)));
    }
    params = next;
  }

  private float[][] apply(Op op, List<String> names, List<float[][]> in) {
    return switch (op) {
      case GatherRows g -> gather(g.indices(), names.get(0).equals(StepProgram.DATA_X));
      case MatMul m -> matmul(in.get(0), in.get(1));
      case Transpose t -> transpose(in.get(0));
      case AddBias a -> map2(in.get(0), (i, j, z) -> z + in.get(1)[j][0]);
      case Relu r -> map2(in.get(0), (i, j, z) -> Math.max(z, 0f));
      case ReluBackward r -> map2(in.get(0), (i, j, g) -> in.get(1)[i][j] > 0 ? g : 0f);
      case SoftmaxXentGrad s -> softmaxGrad(in.get(0), in.get(1));
      case RowSum r -> rowSum(in.get(0));
      case SgdUpdate s -> map2(in.get(0), (i, j, w) -> w - stepSize * in.get(1)[i][j]);
      default -> throw new IllegalArgumentException("the float twin runs MLP programs only");
    };
  }

  private float[][] gather(int[] idx, boolean features) {
    float[][] out = new float[idx.length][];
    for (int b = 0; b < idx.length; b++) {
      out[b] = features ? dataX[idx[b]] : new float[] {dataY[idx[b]]};
    }
    return out;
  }

  private interface Cell {
    float apply(int i, int j, float v);
  }

  private float[][] map2(float[][] a, Cell f) {
    float[][] out = new float[a.length][];
    parallel.forRange(
        a.length,
        8,
        i -> {
          float[] row = new float[a[i].length];
          for (int j = 0; j < row.length; j++) {
            row[j] = f.apply(i, j, a[i][j]);
          }
          out[i] = row;
        });
    return out;
  }

  float[][] matmul(float[][] a, float[][] b) {
    float[][] bt = transpose(b);
    float[][] c = new float[a.length][b.length];
    parallel.forRange(
        a.length,
        4,
        i -> {
          float[] ai = a[i];
          float[] ci = c[i];
          for (int k = 0; k < ai.length; k++) {
            float s = ai[k];
            if (s != 0f) {
              axpy(ci, s, bt[k]);
            }
          }
        });
    return c;
  }

  private static void axpy(float[] acc, float s, float[] row) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += s * row[j];
    }
  }

  private float[][] transpose(float[][] a) {
    int cols = a.length == 0 ? 0 : a[0].length;
    float[][] t = new float[cols][a.length];
    parallel.forRange(
        cols,
        64,
        i -> {
          for (int j = 0; j < a.length; j++) {
            t[i][j] = a[j][i];
          }
        });
    return t;
  }

  private float[][] softmaxGrad(float[][] z, float[][] labels) {
    float[][] g = new float[z.length][];
    for (int b = 0; b < z.length; b++) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : z[b]) {
        max = Math.max(max, v);
      }
      float[] p = new float[z[b].length];
      float sum = 0;
      for (int k = 0; k < p.length; k++) {
        p[k] = (float) Math.exp(z[b][k] - max);
        sum += p[k];
      }
      for (int k = 0; k < p.length; k++) {
        p[k] /= sum;
      }
      p[(int) labels[b][0]] -= 1f;
      g[b] = p;
    }
    return g;
  }

  private static float[][] rowSum(float[][] a) {
    float[][] s = new float[a.length][1];
    for (int i = 0; i < a.length; i++) {
      float acc = 0;
      for (float v : a[i]) {
        acc += v;
      }
      s[i][0] = acc;
    }
    return s;
  }

  /** Held-out accuracy counts of the current float parameters. */
  public long correct(Dataset heldOut) {
    float[][] a = toFloat(heldOut.features());
    for (int l = 1; l <= spec.layers(); l++) {
      float[][] z = matmul(a, params.get(2 * (l - 1)));
      float[][] bias = params.get(2 * l - 1);
      boolean hidden = l < spec.layers();
      a = map2(z, (i, j, v) -> hidden ? Math.max(v + bias[j][0], 0f) : v + bias[j][0]);
    }
    long correct = 0;
    for (int i = 0; i < a.length; i++) {
      int best = 0;
      for (int k = 1; k < a[i].length; k++) {
        if (a[i][k] > a[i][best]) {
          best = k;
        }
      }
      correct += best == heldOut.label(i) ? 1 : 0;
    }
    return correct;
  }
}
