package io.tribunal.protocol.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Shared op-graph vectors ({@code contracts/test/vectors/op-graph.json}) that the Solidity tests
 * read: for two MLP presets every node's encoding, leaf and proof, the tree root and the graph
 * root. Run {@code main} to rewrite the file after an intentional encoding change; {@code
 * OpGraphVectorsTest} fails while the file and the Java encoding disagree.
 */
public final class OpGraphVectors {
  static final Path FILE = Path.of("..", "contracts", "test", "vectors", "op-graph.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OpGraphVectors() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n");
  }

  static ObjectNode generate() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode graphs = root.putArray("graphs");
    graphs.add(
        graph("mlp:784-128-10 B32", MlpGraph.of(MlpSpec.parse("mlp:784-128-10"), 32, 52429, 8000)));
    graphs.add(graph("mlp:4-3-2 B2", MlpGraph.of(MlpSpec.parse("mlp:4-3-2"), 2, 1 << 20, 10)));
    return root;
  }

  private static ObjectNode graph(String name, OpGraph g) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", name)
        .put("params", g.params())
        .put("data", g.data())
        .put("count", g.nodes().size())
        .put("treeRoot", g.treeRoot().hex())
        .put("root", g.root().hex());
    ArrayNode nodes = o.putArray("nodes");
    for (int i = 0; i < g.nodes().size(); i++) {
      GraphNode n = g.node(i);
      ObjectNode c = nodes.addObject();
      c.put("index", i)
          .put("kind", n.kind())
          .put("in0", Integer.toUnsignedLong(n.in0()))
          .put("in1", Integer.toUnsignedLong(n.in1()))
          .put("rows", n.rows())
          .put("cols", n.cols());
      ArrayNode attrs = c.putArray("attrs");
      for (long a : n.attrs()) {
        attrs.add(Long.toString(a));
      }
      c.put("encoding", "0x" + HexFormat.of().formatHex(n.encode())).put("leaf", n.leaf(i).hex());
      ArrayNode proof = c.putArray("proof");
      for (Hash32 h : g.proof(i)) {
        proof.add(h.hex());
      }
    }
    return o;
  }
}
