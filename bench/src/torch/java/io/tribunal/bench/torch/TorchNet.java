package io.tribunal.bench.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One op-graph model written with libtorch ops: its forward pass to logits, the trainable
 * parameters in the graph's declaration order, and the optimizer step applied after each backward
 * pass. BENCHMARK BASELINE ONLY: float32, never part of the committed computation.
 */
abstract class TorchNet implements AutoCloseable {
  /** The trainable parameters, in the op graph's declaration order. */
  final List<NDArray> params = new ArrayList<>();

  /**
   * Logits and targets of a gathered batch: logits as rows x classes, targets as rows x 1 int64
   * class ids.
   */
  abstract NDList logitsAndTargets(List<NDArray> weights, NDArray batchRows, NDArray batchLabels);

  /** Applies the optimizer to every parameter from its gradient (grad mode off). */
  abstract void update(long step);

  /**
   * The trainable weights of a fixed-point state (optimizer moments left out) as float32 arrays
   * shaped as this net's ops take them, in declaration order.
   */
  abstract List<NDArray> shaped(NDManager manager, List<Tensor> state);

  /** The trainable weights of a fixed-point state, its optimizer moments left out. */
  List<Tensor> weightsOf(List<Tensor> state) {
    return state;
  }

  /** Makes the trainable parameters from the fixed-point initial state. */
  void initialise(NDManager manager, List<Tensor> state) {
    for (NDArray p : shaped(manager, state)) {
      p.setRequiresGradient(true);
      params.add(p);
    }
  }

  /** The loss whose gradient the fixed-point graph's step uses (the mean loss by default). */
  NDArray trainingLoss(List<NDArray> weights, NDArray batchRows, NDArray batchLabels) {
    return loss(weights, batchRows, batchLabels);
  }

  /** Mean softmax cross-entropy of a batch under {@code weights}. */
  NDArray loss(List<NDArray> weights, NDArray batchRows, NDArray batchLabels) {
    NDList lt = logitsAndTargets(weights, batchRows, batchLabels);
    NDArray logp = lt.get(0).logSoftmax(1);
    return logp.gather(lt.get(1), 1).mean().neg();
  }

  /** A Q16.16 tensor as a float32 array of the given shape. */
  static NDArray floats(NDManager manager, Tensor t, long... shape) {
    float[] v = new float[t.rows() * t.cols()];
    int k = 0;
    for (int i = 0; i < t.rows(); i++) {
      for (int x : t.row(i)) {
        v[k++] = x / 65536f;
      }
    }
    return manager.create(v, new ai.djl.ndarray.types.Shape(shape));
  }

  /** Clears every parameter's accumulated gradient. */
  void zeroGradients() {
    for (NDArray p : params) {
      JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
    }
  }

  @Override
  public void close() {
    for (NDArray p : params) {
      p.close();
    }
  }
}
