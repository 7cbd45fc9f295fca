package io.tribunal.protocol.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.leaf.LeafOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Shared vectors of which input rows an op node's element reads ({@code
 * contracts/test/vectors/op-rows.json}), for the Solidity mirror {@code OpRows}: per op kind but
 * gather_rows, a few nodes of real graphs (LeNet-5, two small GPTs, a small average-pooling CNN)
 * with their attributes and input shapes, and elements (row, col) with the rows {@link
 * Op#dependencies} names (r1 = -1 for a one-input op). Run {@code main} to rewrite the file; {@code
 * OpRowsVectorsTest} fails while the file and the Java rules disagree.
 */
public final class OpRowsVectors {
  static final Path FILE = Path.of("..", "contracts", "test", "vectors", "op-rows.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final AdamW ADAMW = new AdamW(16777, 10, 58982, 65470, 168, 655);
  private static final int NODES_PER_KIND = 3;
  private static final int RANDOM_POSITIONS = 5;
  private static final long SEED = 0x6f70726f7773L;

  private OpRowsVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  /** The graphs the nodes come from, by name. */
  static Map<String, OpGraph> graphs() {
    Map<String, OpGraph> g = new LinkedHashMap<>();
    g.put("cnn:lenet5 B4 sgd", ModelPresets.lenet5().graph(4, 52429, 100));
    g.put("gpt:1-16-2-8 V20 B3 adamw", ModelPresets.gpt("gpt:1-16-2-8", 20).graph(3, ADAMW, 100));
    g.put(
        "gpt:2-12-3-4 V11 B2 sgd",
        ModelPresets.gpt("gpt:2-12-3-4", 11).graph(2, new Sgd(52429), 100));
    g.put("cnn 2x8x8 avg-pool B2 adamw", averagePoolingCnn().graph(2, ADAMW, 100));
    return g;
  }

  /**
   * Over 2 x 8 x 8 images: a 3 x 3 convolution at stride 2 with padding 1, ReLU, 2 x 2 average
   * pooling at stride 1, a 2 x 2 convolution, ReLU, 2 x 2 average pooling at stride 2, dense.
   */
  private static LayerModel averagePoolingCnn() {
    ImageShape in = new ImageShape(2, 8, 8);
    ImageShape conv1 = new Conv2dLayer(in, 3, 3, 2, 1).output();
    ImageShape pool1 = new PoolLayer(false, conv1, 2, 1).output();
    ImageShape conv2 = new Conv2dLayer(pool1, 4, 2, 1, 0).output();
    return new LayerModel(
        in.size(),
        List.of(
            () -> new Conv2dLayer(in, 3, 3, 2, 1),
            ReluLayer::new,
            () -> new PoolLayer(false, conv1, 2, 1),
            () -> new Conv2dLayer(pool1, 4, 2, 1, 0),
            ReluLayer::new,
            () -> new PoolLayer(false, conv2, 2, 2),
            () -> new DenseLayer(4)));
  }

  /** The op a node computes (the step only matters to adamw_update's element, not its rows). */
  static Op op(GraphNode node) {
    return OpCodec.decode(
        LeafOp.values()[node.kind()], node.attrs(), OpCodec.StepContext.shapes(node.rows()));
  }

  /** The shapes of a node's inputs ({@code [rows0, cols0, rows1, cols1]}, zero when absent). */
  static int[] inputShapes(OpGraph g, GraphNode node) {
    GraphNode a = g.node(node.in0());
    GraphNode b = node.in1() == GraphNode.NONE ? null : g.node(node.in1());
    return new int[] {a.rows(), a.cols(), b == null ? 0 : b.rows(), b == null ? 0 : b.cols()};
  }

  /** {@code [r0, r1]} of element (row, col): the rows of input 0 and 1, r1 = -1 when absent. */
  static long[] rowsRead(Op op, int row, int col, int[] shapes) {
    List<Shape> in = new ArrayList<>();
    in.add(new Shape(shapes[0], shapes[1]));
    if (op.arity() == 2) {
      in.add(new Shape(shapes[2], shapes[3]));
    }
    List<RowRef> deps = op.dependencies(row, col, in);
    long[] rows = {-1, -1};
    for (int i = 0; i < deps.size(); i++) {
      RowRef d = deps.get(i);
      if (d.input() != i || d.row() < 0 || d.row() >= shapes[2 * i]) {
        throw new IllegalStateException(op + " element " + row + "," + col + " reads " + deps);
      }
      rows[i] = d.row();
    }
    return rows;
  }

  static ObjectNode generate() {
    Random random = new Random(SEED);
    Map<Integer, List<String>> byKind = new TreeMap<>();
    Map<String, OpGraph> graphs = graphs();
    for (Map.Entry<String, OpGraph> e : graphs.entrySet()) {
      OpGraph g = e.getValue();
      for (int i = g.params() + g.data(); i < g.nodes().size(); i++) {
        int kind = g.node(i).kind();
        if (kind != LeafOp.GATHER_ROWS.index()) {
          byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(e.getKey() + "#" + i);
        }
      }
    }
    if (byKind.size() != LeafOp.values().length - 1) {
      throw new IllegalStateException("the graphs cover only kinds " + byKind.keySet());
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode nodes = root.putArray("nodes");
    for (List<String> candidates : byKind.values()) {
      Collections.shuffle(candidates, random);
      for (String ref : candidates.subList(0, Math.min(NODES_PER_KIND, candidates.size()))) {
        String name = ref.substring(0, ref.lastIndexOf('#'));
        int index = Integer.parseInt(ref.substring(ref.lastIndexOf('#') + 1));
        nodes.add(node(name, graphs.get(name), index, random));
      }
    }
    return root;
  }

  private static ObjectNode node(String graph, OpGraph g, int index, Random random) {
    GraphNode n = g.node(index);
    Op op = op(n);
    int[] shapes = inputShapes(g, n);
    ObjectNode o = JSON.createObjectNode();
    o.put("graph", graph).put("index", index).put("kind", n.kind()).put("op", op.name());
    ArrayNode attrs = o.putArray("attrs");
    for (long a : n.attrs()) {
      attrs.add(a);
    }
    ArrayNode s = o.putArray("shapes");
    for (int v : shapes) {
      s.add(v);
    }
    ArrayNode cases = o.putArray("cases");
    List<int[]> positions = new ArrayList<>();
    positions.add(new int[] {0, 0});
    positions.add(new int[] {n.rows() - 1, n.cols() - 1});
    for (int k = 0; k < RANDOM_POSITIONS; k++) {
      positions.add(new int[] {random.nextInt(n.rows()), random.nextInt(n.cols())});
    }
    for (int[] p : positions) {
      long[] rows = rowsRead(op, p[0], p[1], shapes);
      cases.addArray().add(p[0]).add(p[1]).add(rows[0]).add(rows[1]);
    }
    return o;
  }
}
