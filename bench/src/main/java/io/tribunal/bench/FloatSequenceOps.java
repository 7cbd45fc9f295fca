package io.tribunal.bench;

import io.tribunal.core.tensor.Parallel;

/**
 * The float32 meaning of the layer-norm, GELU, attention, embedding and AdamW ops
 * (docs/network-ops.md): each op's real-valued formula, attributes read in their fixed-point
 * formats (eps and betas Q16.16, AdamW's lr and eps Q8.24). Output shapes come from the graph node.
 */
final class FloatSequenceOps {
  private static final double GELU_K = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  private FloatSequenceOps() {}

  /** layer_norm_stats(eps): (mean, 1/√(var + eps)) per row, population variance. */
  static void layerNormStats(long eps, FloatTensor x, FloatTensor out) {
    int d = x.cols();
    for (int r = 0; r < x.rows(); r++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += x.get(r, c);
      }
      double mean = s / d;
      double q = 0;
      for (int c = 0; c < d; c++) {
        double e = x.get(r, c) - mean;
        q += e * e;
      }
      out.set(r, 0, (float) mean);
      out.set(r, 1, (float) (1 / Math.sqrt(q / d + eps / 65536.0)));
    }
  }

  /** layer_norm_backward_stats(g, xhat): (mean g, mean g·xhat) per row. */
  static void layerNormBackwardStats(FloatTensor g, FloatTensor xhat, FloatTensor out) {
    int d = g.cols();
    for (int r = 0; r < g.rows(); r++) {
      double m1 = 0;
      double m2 = 0;
      for (int c = 0; c < d; c++) {
        m1 += g.get(r, c);
        m2 += (double) g.get(r, c) * xhat.get(r, c);
      }
      out.set(r, 0, (float) (m1 / d));
      out.set(r, 1, (float) (m2 / d));
    }
  }

  /** layer_norm_backward(P = g ‖ xhat, T = (m1, m2, mean, rstd)): rstd·(g − m1 − xhat·m2). */
  static void layerNormBackward(FloatTensor p, FloatTensor t, FloatTensor out) {
    int d = out.cols();
    for (int r = 0; r < p.rows(); r++) {
      float m1 = t.get(r, 0);
      float m2 = t.get(r, 1);
      float rstd = t.get(r, 3);
      for (int c = 0; c < d; c++) {
        out.set(r, c, rstd * (p.get(r, c) - m1 - p.get(r, d + c) * m2));
      }
    }
  }

  /** The tanh-form GELU, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  static float gelu(float x) {
    double u = GELU_K * (x + GELU_CUBIC * x * x * x);
    return (float) (0.5 * x * (1 + Math.tanh(u)));
  }

  /** The derivative of {@link #gelu}. */
  static float geluDerivative(float x) {
    double u = GELU_K * (x + GELU_CUBIC * x * x * x);
    double t = Math.tanh(u);
    double du = GELU_K * (1 + 3 * GELU_CUBIC * x * x);
    return (float) (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du);
  }

  /** split_heads(T, H): (B·T)×(H·dh) → (B·H·T)×dh. */
  static void splitHeads(long[] a, FloatTensor x, FloatTensor out) {
    int t = (int) a[0];
    int h = (int) a[1];
    int dh = out.cols();
    for (int r = 0; r < out.rows(); r++) {
      int g = r / t;
      int src = (g / h) * t + r % t;
      System.arraycopy(x.v(), src * x.cols() + (g % h) * dh, out.v(), r * dh, dh);
    }
  }

  /** merge_heads(T, H, dh): (B·H·T)×dh → (B·T)×(H·dh). */
  static void mergeHeads(long[] a, FloatTensor y, FloatTensor out) {
    int t = (int) a[0];
    int h = (int) a[1];
    int dh = (int) a[2];
    for (int r = 0; r < out.rows(); r++) {
      for (int head = 0; head < h; head++) {
        int src = ((r / t) * h + head) * t + r % t;
        System.arraycopy(y.v(), src * dh, out.v(), r * out.cols() + head * dh, dh);
      }
    }
  }

  /** block_matmul(T, K): per block g, A_g·B_gᵀ. */
  static void blockMatMul(
      long[] a, FloatTensor x, FloatTensor y, FloatTensor out, Parallel parallel) {
    int t = (int) a[0];
    int k = (int) a[1];
    int n = x.cols();
    parallel.forWork(
        x.rows(),
        (long) k * n,
        r -> {
          int base = (r / t) * k;
          for (int c = 0; c < k; c++) {
            float acc = 0;
            int xr = r * n;
            int yr = (base + c) * n;
            for (int i = 0; i < n; i++) {
              acc += x.v()[xr + i] * y.v()[yr + i];
            }
            out.v()[r * k + c] = acc;
          }
        });
  }

  /** block_transpose(T, K): per block g, A_gᵀ. */
  static void blockTranspose(long[] a, FloatTensor x, FloatTensor out) {
    int t = (int) a[0];
    int k = (int) a[1];
    for (int r = 0; r < out.rows(); r++) {
      int g = r / k;
      int e = r % k;
      for (int c = 0; c < t; c++) {
        out.set(r, c, x.get(g * t + c, e));
      }
    }
  }

  /** causal_softmax(T): row r softmax over columns 0..(r mod T), zeros after. */
  static void causalSoftmax(long t, FloatTensor s, FloatTensor out) {
    for (int r = 0; r < s.rows(); r++) {
      int n = (int) (r % t) + 1;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < n; c++) {
        max = Math.max(max, s.get(r, c));
      }
      double sum = 0;
      for (int c = 0; c < n; c++) {
        float e = (float) Math.exp(s.get(r, c) - max);
        out.set(r, c, e);
        sum += e;
      }
      for (int c = 0; c < n; c++) {
        out.set(r, c, (float) (out.get(r, c) / sum));
      }
    }
  }

  /** softmax_backward(P, dP): P·(dP − Σ P·dP) per row. */
  static void softmaxBackward(FloatTensor p, FloatTensor dp, FloatTensor out) {
    for (int r = 0; r < p.rows(); r++) {
      float inner = 0;
      for (int c = 0; c < p.cols(); c++) {
        inner += p.get(r, c) * dp.get(r, c);
      }
      for (int c = 0; c < p.cols(); c++) {
        out.set(r, c, p.get(r, c) * (dp.get(r, c) - inner));
      }
    }
  }

  /** position_grad(T): dYᵀ d×(B·T) → d×T, summed over the sequences. */
  static void positionGrad(long t, FloatTensor dyt, FloatTensor out) {
    for (int r = 0; r < dyt.rows(); r++) {
      for (int c = 0; c < dyt.cols(); c++) {
        out.v()[r * out.cols() + (int) (c % t)] += dyt.get(r, c);
      }
    }
  }

  /** adamw_update at step t; MV = m' ‖ v' with real-valued moments. */
  static void adamwUpdate(long[] a, long step, FloatTensor w, FloatTensor mv, FloatTensor out) {
    double lr = a[0] / (double) (1 << 24);
    long warmup = a[1];
    double beta1 = a[2] / 65536.0;
    double beta2 = a[3] / 65536.0;
    double eps = a[4] / (double) (1 << 24);
    double wd = a[5] / 65536.0;
    double c1 = 1 - Math.pow(beta1, step + 1);
    double c2 = 1 - Math.pow(beta2, step + 1);
    double lrT = lr * Math.min(step + 1, warmup) / warmup;
    int cols = w.cols();
    for (int r = 0; r < w.rows(); r++) {
      for (int c = 0; c < cols; c++) {
        double mhat = mv.get(r, c) / c1;
        double vhat = Math.max(mv.get(r, cols + c), 0f) / c2;
        double u = mhat / (Math.sqrt(vhat) + eps);
        float x = w.get(r, c);
        out.set(r, c, (float) (x - lrT * (u + wd * x)));
      }
    }
  }
}
