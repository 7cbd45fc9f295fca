package io.tribunal.core.ops;

import com.fasterxml.jackson.databind.JsonNode;

/** Rebuilds an op from its test-vector description (name plus constants). */
public final class OpsByName {
  private OpsByName() {}

  public static Op fromVector(JsonNode c) {
    return switch (c.get("op").asText()) {
      case "matmul" -> new MatMul();
      case "transpose" -> new Transpose();
      case "add_bias" -> new AddBias();
      case "relu" -> new Relu();
      case "relu_backward" -> new ReluBackward();
      case "softmax_xent_grad" -> new SoftmaxXentGrad();
      case "row_sum" -> new RowSum();
      case "sgd_update" -> new SgdUpdate(Long.parseLong(c.get("eta").asText()));
      case "gather_rows" -> {
        int[] idx = new int[c.get("indices").size()];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = c.get("indices").get(i).asInt();
        }
        yield new GatherRows(idx);
      }
      case "layer_norm_stats" -> new LayerNormStats(c.get("attributes").get(0).asLong());
      case "layer_norm_apply" -> new LayerNormApply();
      case "mul_column" -> new MulColumn();
      case "layer_norm_backward_stats" -> new LayerNormBackwardStats();
      case "layer_norm_backward" -> new LayerNormBackward();
      case "concat_columns" -> new ConcatColumns();
      case "mul_elementwise" -> new MulElementwise();
      case "gelu" -> new Gelu();
      case "gelu_backward" -> new GeluBackward();
      case "split_heads" -> new SplitHeads(attr(c, 0), attr(c, 1));
      case "merge_heads" -> new MergeHeads(attr(c, 0), attr(c, 1), attr(c, 2));
      case "block_matmul" -> new BlockMatMul(attr(c, 0), attr(c, 1));
      case "block_transpose" -> new BlockTranspose(attr(c, 0), attr(c, 1));
      case "scale" -> new ScaleBy(attr(c, 0));
      case "causal_softmax" -> new CausalSoftmax(attr(c, 0));
      case "softmax_backward" -> new SoftmaxBackward();
      default -> throw new IllegalArgumentException("unknown op " + c.get("op"));
    };
  }

  /** Attribute i of a vector case ({@code "attrs"}: the op's {@link Op#attributes()}). */
  private static int attr(JsonNode c, int i) {
    return Math.toIntExact(c.get("attrs").get(i).asLong());
  }
}
