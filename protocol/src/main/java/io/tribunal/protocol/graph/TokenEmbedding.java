package io.tribunal.protocol.graph;

import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * Token and position embeddings of (B·T) x 1 token ids: a d x V table ET (its transpose is the
 * usual V x d table) read through {@code matmul(one_hot(ids), ET)}, plus a T x d position table
 * ({@code add_positions}). Backward: the scatter-add dET = matmul(transpose(dY),
 * transpose(one_hot)) and dP = transpose(position_grad(transpose(dY))). The ids need no gradient.
 */
public final class TokenEmbedding implements Layer {
  private final int vocabulary;
  private final int width;
  private final int context;
  private Ref oneHot;
  private Ref table;
  private Ref positions;
  private List<Gradient> gradients = List.of();

  public TokenEmbedding(int vocabulary, int width, int context) {
    this.vocabulary = vocabulary;
    this.width = width;
    this.context = context;
  }

  @Override
  public Ref forward(GraphBuilder b, Ref ids) {
    table = b.parameter(NodeKind.PARAM_HE_UNIFORM, new Shape(width, vocabulary), 6L * width);
    positions = b.parameter(NodeKind.PARAM_HE_UNIFORM, new Shape(context, width), 6L * width);
    oneHot = b.op(LeafOp.ONE_HOT, List.of(ids), new long[] {vocabulary}, 0);
    Ref tokens = b.op(LeafOp.MAT_MUL, oneHot, table);
    return b.op(LeafOp.ADD_POSITIONS, List.of(tokens, positions), new long[] {context}, 0);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref dyT = b.op(LeafOp.TRANSPOSE, dy);
    Ref dTable = b.op(LeafOp.MAT_MUL, dyT, b.op(LeafOp.TRANSPOSE, oneHot));
    Ref dPositionsT = b.op(LeafOp.POSITION_GRAD, List.of(dyT), new long[] {context}, 0);
    gradients =
        List.of(
            new Gradient(table, dTable),
            new Gradient(positions, b.op(LeafOp.TRANSPOSE, dPositionsT)));
    return null;
  }

  @Override
  public List<Gradient> gradients() {
    return gradients;
  }

  @Override
  public String describe() {
    return "embedding: {vocabulary: " + vocabulary + ", width: " + width + "}";
  }
}
