package io.tribunal.bench.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * LeNet-5 ({@code cnn:lenet5}: conv 6@5x5 pad 2, relu, maxpool 2, conv 16@5x5, relu, maxpool 2,
 * dense 120, relu, dense 84, relu, dense 10) or an {@code mlp:} model with plain SGD, as {@code
 * ModelPresets} builds them: a convolution kernel OC x (C*KH*KW) is the OC x C x KH x KW tensor
 * torch takes, a dense weight is out x in as {@code Linear} takes it, and biases are column
 * vectors.
 */
final class LayerNet extends TorchNet {
  private final boolean lenet;
  private final float learningRate;

  LayerNet(boolean lenet, float learningRate) {
    this.lenet = lenet;
    this.learningRate = learningRate;
  }

  @Override
  List<NDArray> shaped(NDManager manager, List<Tensor> state) {
    List<NDArray> out = new ArrayList<>();
    for (int p = 0; p < state.size(); p++) {
      Tensor t = state.get(p);
      boolean bias = p % 2 == 1;
      if (bias) {
        out.add(floats(manager, t, t.rows()));
      } else if (lenet && p < 4) {
        int taps = t.cols() / 25;
        out.add(floats(manager, t, t.rows(), taps, 5, 5));
      } else {
        out.add(floats(manager, t, t.rows(), t.cols()));
      }
    }
    return out;
  }

  @Override
  NDList logitsAndTargets(List<NDArray> w, NDArray rows, NDArray labels) {
    NDArray x = rows;
    int dense = 0;
    if (lenet) {
      x = x.reshape(rows.getShape().get(0), 1, 28, 28);
      x = conv(x, w.get(0), w.get(1), 2);
      x =
          Pool.maxPool2d(
              Activation.relu(x), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
      x = conv(x, w.get(2), w.get(3), 0);
      x =
          Pool.maxPool2d(
              Activation.relu(x), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
      x = x.reshape(rows.getShape().get(0), -1);
      dense = 4;
    }
    for (int p = dense; p < w.size(); p += 2) {
      x = Linear.linear(x, w.get(p), w.get(p + 1)).singletonOrThrow();
      if (p + 2 < w.size()) {
        x = Activation.relu(x);
      }
    }
    return new NDList(x, labels.reshape(-1, 1));
  }

  private static NDArray conv(NDArray x, NDArray kernel, NDArray bias, int padding) {
    return x.getNDArrayInternal()
        .convolution(
            x, kernel, bias, new Shape(1, 1), new Shape(padding, padding), new Shape(1, 1), 1)
        .singletonOrThrow();
  }

  @Override
  void update(long step) {
    for (NDArray p : params) {
      try (NDArray g = p.getGradient()) {
        p.subi(g.muli(learningRate));
      }
    }
  }
}
