package io.tribunal.bench.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.TransformerModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gpt:} preset ({@link TransformerModel}) in libtorch: token table d x V (read as its
 * transpose) plus a T x d position table; per block a pre-norm residual of causal multi-head
 * attention (dense q, k, v and output projections, k without a bias, scores scaled by 1/sqrt(dh))
 * and a pre-norm residual 4·d GELU MLP; a final layer norm and a dense head. Trained with AdamW
 * written out with the fixed-point rule's constants (linear warm-up, bias corrections, decoupled
 * decay) on the loss whose gradient the graph uses: per-token cross-entropy summed over the batch,
 * divided by T.
 *
 * <p>GELU is libtorch's one-kernel exact form; the fixed-point engine evaluates the tanh form.
 */
final class GptNet extends TorchNet {
  private final TransformerModel model;
  private final AdamW adam;
  private final int batch;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private NDArray mask;

  GptNet(TransformerModel model, AdamW adam, int batch) {
    this.model = model;
    this.adam = adam;
    this.batch = batch;
  }

  /**
   * Parameters per block: two layer norms (2 each), four attention dense layers (the key's without
   * a bias) and two MLP dense layers.
   */
  private static final int PER_BLOCK = 15;

  @Override
  List<Tensor> weightsOf(List<Tensor> state) {
    return state.subList(0, state.size() / 3); // the moments follow the weights
  }

  @Override
  List<NDArray> shaped(NDManager manager, List<Tensor> weights) {
    List<NDArray> out = new ArrayList<>();
    for (Tensor t : weights) {
      out.add(
          t.cols() == 1 ? floats(manager, t, t.rows()) : floats(manager, t, t.rows(), t.cols()));
    }
    return out;
  }

  @Override
  void initialise(NDManager manager, List<Tensor> state) {
    super.initialise(manager, state);
    for (NDArray p : params) {
      m.add(p.zerosLike());
      v.add(p.zerosLike());
    }
    int t = model.context();
    float[] f = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        f[i * t + j] = Float.NEGATIVE_INFINITY;
      }
    }
    mask = manager.create(f, new Shape(t, t));
  }

  @Override
  NDList logitsAndTargets(List<NDArray> w, NDArray windows, NDArray labels) {
    int t = model.context();
    int d = model.width();
    int h = model.heads();
    int dh = d / h;
    long b = windows.getShape().get(0);
    NDArray ids = windows.get(":, 0:" + t).reshape(-1);
    NDArray targets = windows.get(":, 1:" + (t + 1)).reshape(-1, 1);
    NDArray x = w.get(0).transpose().get(ids).reshape(b, t, d).add(w.get(1));
    int p = 2;
    float eps = model.eps() / 65536f;
    float scale = (float) (1 / Math.sqrt(dh));
    for (int l = 0; l < model.layers(); l++) {
      NDArray y = norm(x, w.get(p), w.get(p + 1), eps);
      NDArray q = heads(Linear.linear(y, w.get(p + 2), w.get(p + 3)).head(), b, t, h, dh);
      NDArray k = heads(y.matMul(w.get(p + 4).transpose()), b, t, h, dh); // no key bias
      NDArray val = heads(Linear.linear(y, w.get(p + 5), w.get(p + 6)).head(), b, t, h, dh);
      NDArray att = q.matMul(k.swapAxes(2, 3)).muli(scale).add(mask).softmax(3);
      NDArray o = att.matMul(val).swapAxes(1, 2).reshape(b, t, d);
      x = x.add(Linear.linear(o, w.get(p + 7), w.get(p + 8)).head());
      y = norm(x, w.get(p + 9), w.get(p + 10), eps);
      y = Activation.gelu(Linear.linear(y, w.get(p + 11), w.get(p + 12)).head());
      x = x.add(Linear.linear(y, w.get(p + 13), w.get(p + 14)).head());
      p += PER_BLOCK;
    }
    x = norm(x, w.get(p), w.get(p + 1), eps);
    NDArray logits = Linear.linear(x, w.get(p + 2), w.get(p + 3)).head();
    return new NDList(logits.reshape(b * t, model.vocabulary()), targets);
  }

  private static NDArray norm(NDArray x, NDArray gain, NDArray shift, float eps) {
    return LayerNorm.layerNorm(x, new Shape(x.getShape().getLastDimension()), gain, shift, eps)
        .head();
  }

  private static NDArray heads(NDArray x, long b, int t, int h, int dh) {
    return x.reshape(b, t, h, dh).swapAxes(1, 2);
  }

  @Override
  NDArray trainingLoss(List<NDArray> weights, NDArray rows, NDArray labels) {
    // the graph's gradient is (softmax - onehot) / T summed over all B·T rows
    return loss(weights, rows, labels).muli(batch);
  }

  @Override
  void update(long step) {
    double beta1 = adam.beta1() / 65536.0;
    double beta2 = adam.beta2() / 65536.0;
    double c1 = 1 - Math.pow(beta1, step + 1);
    double c2 = 1 - Math.pow(beta2, step + 1);
    double lr = adam.lr() / (double) (1 << 24) * Math.min(step + 1, adam.warmup()) / adam.warmup();
    float eps = (float) (adam.eps() / (double) (1 << 24));
    float wd = adam.weightDecay() / 65536f;
    for (int i = 0; i < params.size(); i++) {
      NDArray p = params.get(i);
      try (NDArray g = p.getGradient()) {
        NDArray mi = m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        NDArray vi = v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        NDArray denom = vi.div((float) c2).sqrt().addi(eps);
        NDArray u = mi.div((float) c1).divi(denom).addi(p.mul(wd));
        p.subi(u.muli((float) lr));
      }
    }
  }

  @Override
  public void close() {
    super.close();
    m.forEach(NDArray::close);
    v.forEach(NDArray::close);
    if (mask != null) {
      mask.close();
    }
  }
}
