package io.tribunal.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.fixed.FixedPool;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the shared vectors of the convolution and pooling ops
 * (src/test/resources/vectors/conv-ops.json) that ConvOps.sol must reproduce bit for bit: per op at
 * least 8 element cases (extremes, zeros, padding borders, overlapping windows, ties, odd shapes)
 * with the op's attributes, the output position, the declared rows and the result, plus cases of
 * the averaging rule {@link FixedPool#mean}. Deterministic (fixed seed); run {@code main} after an
 * intentional rule change.
 */
public final class ConvOpsVectors {
  static final Path FILE = Path.of("src", "test", "resources", "vectors", "conv-ops.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final List<String> OPS =
      List.of(
          "conv2d",
          "conv2d_input_grad",
          "channels_by_row",
          "conv2d_weight_grad",
          "add_channel_bias",
          "max_pool2d",
          "max_pool2d_backward",
          "avg_pool2d",
          "avg_pool2d_backward");

  private ConvOpsVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  /** The op a vector names, rebuilt from its attributes (in the documented order). */
  static Op op(String name, long[] a) {
    int[] v = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      v[i] = Math.toIntExact(a[i]);
    }
    return switch (name) {
      case "conv2d" -> new Conv2d(conv(v));
      case "conv2d_input_grad" -> new Conv2dInputGrad(conv(v));
      case "channels_by_row" -> new ChannelsByRow(v[0], v[1]);
      case "conv2d_weight_grad" -> new Conv2dWeightGrad(conv(v));
      case "add_channel_bias" -> new AddChannelBias(v[0], v[1]);
      case "max_pool2d" -> new MaxPool2d(pool(v));
      case "max_pool2d_backward" -> new MaxPool2dBackward(pool(v));
      case "avg_pool2d" -> new AvgPool2d(pool(v));
      case "avg_pool2d_backward" -> new AvgPool2dBackward(pool(v));
      default -> throw new IllegalArgumentException("not a convolution op: " + name);
    };
  }

  private static ConvGeometry conv(int[] v) {
    return new ConvGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
  }

  private static PoolGeometry pool(int[] v) {
    return new PoolGeometry(v[0], v[1], v[2], v[3], v[4]);
  }

  static ObjectNode generate() {
    Random r = new Random(20261203);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "tribunal-conv-ops-vectors-v1");
    root.put("doc", "docs/network-ops.md");
    root.set("mean", means(r));
    ArrayNode ops = root.putArray("ops");
    ConvGeometry[] convs = {
      new ConvGeometry(1, 28, 28, 5, 5, 1, 2), // LeNet conv1 on MNIST
      new ConvGeometry(2, 5, 7, 3, 2, 2, 1), // odd shape, stride 2, padding
      new ConvGeometry(1, 3, 3, 5, 5, 1, 1), // kernel larger than the image
      new ConvGeometry(3, 4, 4, 1, 1, 1, 0), // 1x1 kernel
    };
    PoolGeometry[] pools = {
      new PoolGeometry(2, 6, 6, 2, 2),
      new PoolGeometry(1, 5, 7, 3, 1),
      new PoolGeometry(3, 4, 5, 3, 2)
    };
    for (int i = 0; i < 12; i++) {
      int mode = i % 5;
      ConvGeometry g = convs[i % convs.length];
      PoolGeometry p = pools[i % pools.length];
      int batch = 1 + r.nextInt(3);
      int oc = 1 + r.nextInt(3);
      Tensor x = ConvTestInputs.tensor(r, batch, g.imageCols(), mode);
      Tensor k = ConvTestInputs.tensor(r, oc, g.kernelCols(), mode);
      Tensor dy = ConvTestInputs.tensor(r, batch, oc * g.outPlane(), mode);
      add(ops, r, i, new Conv2d(g), List.of(x, k));
      add(
          ops,
          r,
          i,
          new Conv2dInputGrad(g),
          List.of(dy, ConvTestInputs.tensor(r, g.channels(), oc * g.taps(), mode)));
      add(ops, r, i, new ChannelsByRow(g.channels(), g.plane()), List.of(x));
      add(
          ops,
          r,
          i,
          new Conv2dWeightGrad(g),
          List.of(
              ConvTestInputs.tensor(r, oc, batch * g.outPlane(), mode),
              ConvTestInputs.tensor(r, g.channels(), batch * g.plane(), mode)));
      add(
          ops,
          r,
          i,
          new AddChannelBias(oc, g.outPlane()),
          List.of(dy, ConvTestInputs.tensor(r, oc, 1, mode)));
      ConvGeometry pg = p.conv();
      Tensor px = ConvTestInputs.tensor(r, batch, pg.imageCols(), mode);
      Tensor pdy = ConvTestInputs.tensor(r, batch, p.channels() * pg.outPlane(), mode);
      add(ops, r, i, new MaxPool2d(p), List.of(px));
      add(ops, r, i, new MaxPool2dBackward(p), List.of(pdy, px));
      add(ops, r, i, new AvgPool2d(p), List.of(px));
      add(ops, r, i, new AvgPool2dBackward(p), List.of(pdy));
    }
    return root;
  }

  private static ArrayNode means(Random r) {
    ArrayNode means = JSON.createArrayNode();
    long[][] fixed = {
      {0, 1},
      {3, 2},
      {-3, 2},
      {-5, 3},
      {5, 3},
      {7, 4},
      {-7, 4},
      {Long.MAX_VALUE, 1},
      {Long.MIN_VALUE, 3},
      {Long.MAX_VALUE, 7},
      {9L * Integer.MIN_VALUE, 9},
      {5, 0},
      {-5, 0},
      {0, 0}
    };
    for (long[] f : fixed) {
      addMean(means, f[0], f[1]);
    }
    for (int i = 0; i < 20; i++) {
      long count = 1 + r.nextInt(i % 2 == 0 ? 9 : 40);
      addMean(means, (long) r.nextInt() * (1 + r.nextInt((int) count)), count);
    }
    return means;
  }

  private static void addMean(ArrayNode means, long sum, long count) {
    means
        .addObject()
        .put("sum", Long.toString(sum))
        .put("count", Long.toString(count))
        .put("out", FixedPool.mean(sum, count));
  }

  /** Case i picks the first output column, the last, or a random one (padding borders). */
  private static void add(ArrayNode ops, Random r, int i, Op op, List<Tensor> inputs) {
    Tensor out = op.compute(inputs, Parallel.serial());
    int row = r.nextInt(out.rows());
    int col = i % 3 == 0 ? 0 : i % 3 == 1 ? out.cols() - 1 : r.nextInt(out.cols());
    ObjectNode c = ops.addObject();
    c.put("op", op.name());
    c.set("attributes", JSON.valueToTree(op.attributes()));
    c.set("position", JSON.valueToTree(new int[] {row, col}));
    ArrayNode rows = c.putArray("rows");
    for (RowRef ref : op.dependencies(row, col, Op.shapes(inputs))) {
      ObjectNode o = rows.addObject();
      o.put("input", ref.input()).put("row", ref.row());
      o.set("values", JSON.valueToTree(inputs.get(ref.input()).row(ref.row())));
    }
    c.put("out", out.get(row, col));
  }
}
