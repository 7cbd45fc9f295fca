package io.tribunal.bench;

import io.tribunal.core.tensor.Parallel;

/**
 * The float32 meaning of the MLP, convolution and pooling ops (docs/fixed-point.md §6,
 * docs/network-ops.md): the real-valued formula each fixed-point op rounds, with its attributes
 * read as the op reads them (eta in Q8.24). Output shapes come from the graph node.
 *
 * <p>Longer than 250 lines on purpose: one short method per op of these two families, next to each
 * other so the float meaning of every op can be read against its fixed-point record in one place.
 */
final class FloatDenseOps {
  private FloatDenseOps() {}

  /** C = A·Bᵀ, skipping zero terms of A (one-hot rows, ReLU zeros). */
  static void matMul(FloatTensor a, FloatTensor b, FloatTensor out, Parallel parallel) {
    int n = a.cols();
    int m = b.rows();
    FloatTensor bt = transpose(b); // n x m, rows read contiguously
    parallel.forWork(
        a.rows(),
        (long) n * m,
        i -> {
          int oi = i * m;
          for (int k = 0; k < n; k++) {
            float x = a.v()[i * n + k];
            if (x != 0) {
              int bk = k * m;
              for (int j = 0; j < m; j++) {
                out.v()[oi + j] += x * bt.v()[bk + j];
              }
            }
          }
        });
  }

  static FloatTensor transpose(FloatTensor a) {
    FloatTensor t = FloatTensor.zeros(a.cols(), a.rows());
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < a.cols(); j++) {
        t.v()[j * a.rows() + i] = a.v()[i * a.cols() + j];
      }
    }
    return t;
  }

  /** softmax(Z[b]) − onehot(label[b]); labels are plain integers. */
  static void softmaxXentGrad(FloatTensor z, FloatTensor labels, FloatTensor out) {
    int k = z.cols();
    for (int b = 0; b < z.rows(); b++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z.v()[b * k + j]);
      }
      float sum = 0;
      for (int j = 0; j < k; j++) {
        float e = (float) Math.exp(z.v()[b * k + j] - max);
        out.v()[b * k + j] = e;
        sum += e;
      }
      int label = (int) labels.v()[b];
      for (int j = 0; j < k; j++) {
        out.v()[b * k + j] = out.v()[b * k + j] / sum - (j == label ? 1f : 0f);
      }
    }
  }

  /** conv2d: attributes C, H, W, KH, KW, stride, padding; X B×CHW, K OC×(C·KH·KW). */
  static void conv2d(long[] g, FloatTensor x, FloatTensor k, FloatTensor out, Parallel parallel) {
    Geometry s = new Geometry(g);
    int oc = k.rows();
    parallel.forWork(
        x.rows(),
        (long) oc * s.oh * s.ow * s.c * s.kh * s.kw,
        b -> {
          for (int o = 0; o < oc; o++) {
            for (int oy = 0; oy < s.oh; oy++) {
              for (int ox = 0; ox < s.ow; ox++) {
                float acc = 0;
                for (int c = 0; c < s.c; c++) {
                  for (int ky = 0; ky < s.kh; ky++) {
                    int y = oy * s.stride + ky - s.pad;
                    if (y < 0 || y >= s.h) {
                      continue;
                    }
                    for (int kx = 0; kx < s.kw; kx++) {
                      int xx = ox * s.stride + kx - s.pad;
                      if (xx >= 0 && xx < s.w) {
                        acc +=
                            x.get(b, (c * s.h + y) * s.w + xx)
                                * k.get(o, (c * s.kh + ky) * s.kw + kx);
                      }
                    }
                  }
                }
                out.set(b, (o * s.oh + oy) * s.ow + ox, acc);
              }
            }
          }
        });
  }

  /** conv2d_input_grad(dY B×(OC·P), KT C×(OC·KH·KW)): the transposed convolution. */
  static void conv2dInputGrad(
      long[] g, FloatTensor dy, FloatTensor kt, FloatTensor out, Parallel parallel) {
    Geometry s = new Geometry(g);
    int oc = dy.cols() / (s.oh * s.ow);
    int taps = s.kh * s.kw;
    parallel.forWork(
        dy.rows(),
        (long) oc * s.oh * s.ow * s.c * taps,
        b -> {
          for (int o = 0; o < oc; o++) {
            for (int oy = 0; oy < s.oh; oy++) {
              for (int ox = 0; ox < s.ow; ox++) {
                float d = dy.get(b, (o * s.oh + oy) * s.ow + ox);
                if (d == 0) {
                  continue;
                }
                for (int c = 0; c < s.c; c++) {
                  for (int ky = 0; ky < s.kh; ky++) {
                    int y = oy * s.stride + ky - s.pad;
                    if (y < 0 || y >= s.h) {
                      continue;
                    }
                    for (int kx = 0; kx < s.kw; kx++) {
                      int xx = ox * s.stride + kx - s.pad;
                      if (xx >= 0 && xx < s.w) {
                        int at = b * out.cols() + (c * s.h + y) * s.w + xx;
                        out.v()[at] += d * kt.get(c, o * taps + ky * s.kw + kx);
                      }
                    }
                  }
                }
              }
            }
          }
        });
  }

  /** conv2d_weight_grad(G OC×(B·P), XC C×(B·H·W)) → OC×(C·KH·KW). */
  static void conv2dWeightGrad(
      long[] g, FloatTensor gr, FloatTensor xc, FloatTensor out, Parallel parallel) {
    Geometry s = new Geometry(g);
    int p = s.oh * s.ow;
    int batch = gr.cols() / p;
    int hw = s.h * s.w;
    parallel.forWork(
        gr.rows(),
        (long) batch * p * s.c * s.kh * s.kw,
        o -> {
          for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < s.oh; oy++) {
              for (int ox = 0; ox < s.ow; ox++) {
                float d = gr.get(o, b * p + oy * s.ow + ox);
                if (d == 0) {
                  continue;
                }
                for (int c = 0; c < s.c; c++) {
                  for (int ky = 0; ky < s.kh; ky++) {
                    int y = oy * s.stride + ky - s.pad;
                    if (y < 0 || y >= s.h) {
                      continue;
                    }
                    for (int kx = 0; kx < s.kw; kx++) {
                      int xx = ox * s.stride + kx - s.pad;
                      if (xx >= 0 && xx < s.w) {
                        int at = o * out.cols() + (c * s.kh + ky) * s.kw + kx;
                        out.v()[at] += d * xc.get(c, b * hw + y * s.w + xx);
                      }
                    }
                  }
                }
              }
            }
          }
        });
  }

  /** channels_by_row(C, S): T R×(C·S) → C×(R·S). */
  static void channelsByRow(long[] a, FloatTensor t, FloatTensor out) {
    int c = (int) a[0];
    int s = (int) a[1];
    for (int ch = 0; ch < c; ch++) {
      for (int r = 0; r < t.rows(); r++) {
        System.arraycopy(t.v(), r * t.cols() + ch * s, out.v(), ch * out.cols() + r * s, s);
      }
    }
  }

  /**
   * Max pooling (attributes C, H, W, size, stride): the first largest tap wins, row-major; with
   * {@code dy} non-null, the backward: each window's gradient goes to its winner.
   */
  static void maxPool(long[] a, FloatTensor x, FloatTensor dy, FloatTensor out) {
    Pool p = new Pool(a);
    for (int b = 0; b < x.rows(); b++) {
      for (int c = 0; c < p.c; c++) {
        for (int oy = 0; oy < p.oh; oy++) {
          for (int ox = 0; ox < p.ow; ox++) {
            int best = -1;
            float bestValue = 0;
            for (int ky = 0; ky < p.size; ky++) {
              for (int kx = 0; kx < p.size; kx++) {
                int at = (c * p.h + oy * p.stride + ky) * p.w + ox * p.stride + kx;
                float v = x.get(b, at);
                if (best < 0 || v > bestValue) {
                  best = at;
                  bestValue = v;
                }
              }
            }
            int o = (c * p.oh + oy) * p.ow + ox;
            if (dy == null) {
              out.set(b, o, bestValue);
            } else {
              out.v()[b * out.cols() + best] += dy.get(b, o);
            }
          }
        }
      }
    }
  }

  /** Average pooling, or with {@code backward} its gradient: dY / size² to every covered pixel. */
  static void avgPool(long[] a, FloatTensor in, boolean backward, FloatTensor out) {
    Pool p = new Pool(a);
    float n = p.size * p.size;
    for (int b = 0; b < in.rows(); b++) {
      for (int c = 0; c < p.c; c++) {
        for (int oy = 0; oy < p.oh; oy++) {
          for (int ox = 0; ox < p.ow; ox++) {
            int o = (c * p.oh + oy) * p.ow + ox;
            float sum = 0;
            for (int ky = 0; ky < p.size; ky++) {
              for (int kx = 0; kx < p.size; kx++) {
                int at = (c * p.h + oy * p.stride + ky) * p.w + ox * p.stride + kx;
                if (backward) {
                  out.v()[b * out.cols() + at] += in.get(b, o) / n;
                } else {
                  sum += in.get(b, at);
                }
              }
            }
            if (!backward) {
              out.set(b, o, sum / n);
            }
          }
        }
      }
    }
  }

  private record Geometry(
      int c, int h, int w, int kh, int kw, int stride, int pad, int oh, int ow) {
    Geometry(long[] a) {
      this(
          (int) a[0],
          (int) a[1],
          (int) a[2],
          (int) a[3],
          (int) a[4],
          (int) a[5],
          (int) a[6],
          (int) ((a[1] + 2 * a[6] - a[3]) / a[5] + 1),
          (int) ((a[2] + 2 * a[6] - a[4]) / a[5] + 1));
    }
  }

  private record Pool(int c, int h, int w, int size, int stride, int oh, int ow) {
    Pool(long[] a) {
      this(
          (int) a[0],
          (int) a[1],
          (int) a[2],
          (int) a[3],
          (int) a[4],
          (int) ((a[1] - a[3]) / a[4] + 1),
          (int) ((a[2] - a[3]) / a[4] + 1));
    }
  }
}
