package io.tribunal.protocol.graph;

import io.tribunal.core.model.MlpSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The named models: {@code mlp:<in>-<hidden>...-<classes>} (dense layers with ReLU), {@code
 * cnn:lenet5} (LeNet-5 for 1 x 28 x 28 images: two 5 x 5 convolutions with ReLU and 2 x 2 max
 * pooling, then dense 120-84-10) and {@code gpt:<layers>-<width>-<heads>-<context>} (a decoder-only
 * transformer whose vocabulary is the dataset's).
 */
public final class ModelPresets {
  public static final String LENET5 = "cnn:lenet5";

  private ModelPresets() {}

  /** LeNet-5 as a layer list over MNIST rows. */
  public static LayerModel lenet5() {
    ImageShape in = new ImageShape(1, 28, 28);
    List<Supplier<Layer>> layers = new ArrayList<>();
    Conv2dLayer c1 = new Conv2dLayer(in, 6, 5, 1, 2);
    ImageShape a1 = c1.output();
    layers.add(() -> new Conv2dLayer(in, 6, 5, 1, 2));
    layers.add(ReluLayer::new);
    PoolLayer p1 = new PoolLayer(true, a1, 2, 2);
    ImageShape a2 = p1.output();
    layers.add(() -> new PoolLayer(true, a1, 2, 2));
    Conv2dLayer c2 = new Conv2dLayer(a2, 16, 5, 1, 0);
    ImageShape a3 = c2.output();
    layers.add(() -> new Conv2dLayer(a2, 16, 5, 1, 0));
    layers.add(ReluLayer::new);
    layers.add(() -> new PoolLayer(true, a3, 2, 2));
    layers.add(() -> new DenseLayer(120));
    layers.add(ReluLayer::new);
    layers.add(() -> new DenseLayer(84));
    layers.add(ReluLayer::new);
    layers.add(() -> new DenseLayer(10));
    return new LayerModel(in.size(), layers);
  }

  /** {@code gpt:<layers>-<width>-<heads>-<context>} for a vocabulary of V tokens. */
  public static TransformerModel gpt(String spec, int vocabulary) {
    String prefix = "gpt:";
    String[] parts =
        spec.startsWith(prefix) ? spec.substring(prefix.length()).split("-", -1) : new String[0];
    if (parts.length != 4 || !String.join("", parts).matches("[0-9]+")) {
      throw new IllegalArgumentException(
          "unknown model spec '"
              + spec
              + "': expected gpt:<layers>-<width>-<heads>-<context>, e.g. gpt:2-64-4-64");
    }
    return new TransformerModel(
        vocabulary,
        Integer.parseInt(parts[3]),
        Integer.parseInt(parts[1]),
        Integer.parseInt(parts[0]),
        Integer.parseInt(parts[2]),
        TransformerModel.DEFAULT_EPS);
  }

  /** The layer list of an {@code mlp:} spec. */
  public static LayerModel mlp(String spec) {
    return ModelFile.mlp(MlpSpec.parse(spec));
  }
}
