package io.tribunal.protocol.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.model.MlpSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A model file: the input width and a list of layers, read from a parsed YAML or JSON tree (the
 * caller owns the file format), e.g.
 *
 * <pre>
 * input: 784
 * layers:
 *   - dense: 128
 *   - relu
 *   - dense: 10
 * </pre>
 *
 * Known layers: {@code dense: <width>} and {@code relu}. Every mistake is an
 * IllegalArgumentException that names the layer and what was expected.
 */
public final class ModelFile {
  private ModelFile() {}

  /** The model a tree describes. */
  public static LayerModel read(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("a model file is a mapping with 'input' and 'layers'");
    }
    for (Iterator<String> keys = tree.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("input") && !key.equals("layers")) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "' in the model file: expected 'input' and 'layers'");
      }
    }
    JsonNode input = tree.get("input");
    if (input == null || !input.canConvertToInt() || input.asInt() < 1) {
      throw new IllegalArgumentException("'input' must be a positive integer (the sample width)");
    }
    JsonNode layers = tree.get("layers");
    if (layers == null || !layers.isArray() || layers.isEmpty()) {
      throw new IllegalArgumentException("'layers' must be a non-empty list");
    }
    List<Supplier<Layer>> list = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      list.add(layer(i, layers.get(i)));
    }
    return new LayerModel(input.asInt(), list);
  }

  /** The layer-list form of an {@code mlp:} preset: dense layers with ReLU between them. */
  public static LayerModel mlp(MlpSpec spec) {
    List<Supplier<Layer>> list = new ArrayList<>();
    for (int l = 1; l <= spec.layers(); l++) {
      int width = spec.widths().get(l);
      list.add(() -> new DenseLayer(width));
      if (l < spec.layers()) {
        list.add(ReluLayer::new);
      }
    }
    return new LayerModel(spec.inputWidth(), list);
  }

  private static Supplier<Layer> layer(int i, JsonNode node) {
    String at = "layer " + (i + 1) + ": ";
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "relu" -> ReluLayer::new;
        default ->
            throw new IllegalArgumentException(
                at + "unknown layer '" + node.asText() + "' (known: dense: <width>, relu)");
      };
    }
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(at + "write one layer per item, e.g. 'dense: 128'");
    }
    Map.Entry<String, JsonNode> only = node.fields().next();
    if (!only.getKey().equals("dense")) {
      throw new IllegalArgumentException(
          at + "unknown layer '" + only.getKey() + "' (known: dense: <width>, relu)");
    }
    JsonNode w = only.getValue();
    if (!w.canConvertToInt() || w.asInt() < 1 || w.asInt() > MlpSpec.MAX_WIDTH) {
      throw new IllegalArgumentException(
          at + "'dense' takes a width from 1 to " + MlpSpec.MAX_WIDTH + ", got " + w);
    }
    int width = w.asInt();
    return () -> new DenseLayer(width);
  }
}
