package io.tribunal.protocol.graph;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only transformer language model over windows of T + 1 token ids (the text datasets'
 * rows): token and position embeddings, {@code layers} pre-norm blocks (causal self-attention, then
 * a 4·d GELU MLP, each in a residual), a final layer norm and a dense head over the vocabulary,
 * trained on next-token softmax cross-entropy at every position.
 *
 * @param vocabulary V, the token count
 * @param context T, the positions per sequence
 * @param width d, the model width (a multiple of {@code heads})
 * @param layers the number of blocks
 * @param heads the attention heads per block
 * @param eps the layer norms' epsilon in Q16.16
 */
public record TransformerModel(
    int vocabulary, int context, int width, int layers, int heads, long eps) {
  /** Layer-norm epsilon used by the presets: 2^-10 in Q16.16. */
  public static final long DEFAULT_EPS = 64;

  public TransformerModel {
    if (vocabulary < 2 || context < 1 || width < 1 || layers < 1 || heads < 1) {
      throw new IllegalArgumentException(
          "a transformer needs V >= 2 and positive T, d, layers, heads");
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException(
          "the width " + width + " must split into " + heads + " heads");
    }
  }

  /** The step's graph: B sequences per batch from N windows of T + 1 tokens. */
  public OpGraph graph(int batch, Optimizer optimizer, int datasetSize) {
    GraphBuilder b = new GraphBuilder();
    Ref windows = b.data(NodeKind.DATA_FEATURES, new Shape(datasetSize, context + 1));
    b.data(NodeKind.DATA_LABELS, new Shape(datasetSize, 1));
    Ref w = b.op(LeafOp.GATHER_ROWS, List.of(windows), new long[0], batch);
    Ref ids = b.op(LeafOp.SEQUENCE_TOKENS, List.of(w), new long[] {context, 0}, 0);
    Ref targets = b.op(LeafOp.SEQUENCE_TOKENS, List.of(w), new long[] {context, 1}, 0);
    List<Layer> stack = stack();
    Ref x = ids;
    for (Layer l : stack) {
      x = l.forward(b, x);
    }
    Ref perToken = b.op(LeafOp.SOFTMAX_XENT_GRAD, x, targets);
    // 1/T keeps the summed gradients inside the range of Adam's fixed-point second moment while
    // leaving ~1,000 units per unit of probability (1/(B·T) would round small probabilities away)
    Ref grad =
        b.op(
            LeafOp.SCALE_BY,
            List.of(perToken),
            new long[] {(Fixed.ONE + context / 2) / context},
            0);
    LayerModel.backwardAndUpdate(b, stack, grad, optimizer);
    return b.build();
  }

  private List<Layer> stack() {
    List<Layer> stack = new ArrayList<>();
    stack.add(new TokenEmbedding(vocabulary, width, context));
    for (int l = 0; l < layers; l++) {
      stack.add(
          new ResidualLayer(
              List.of(new LayerNormLayer(eps), new CausalSelfAttention(width, context, heads))));
      stack.add(
          new ResidualLayer(
              List.of(
                  new LayerNormLayer(eps),
                  new DenseLayer(4 * width),
                  new GeluLayer(),
                  new DenseLayer(width))));
    }
    stack.add(new LayerNormLayer(eps));
    stack.add(new DenseLayer(vocabulary));
    return stack;
  }
}
