package io.tribunal.cli.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphCost;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.ModelFile;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.graph.OpGraphValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tribunal graph}: the op graph of one training step of a model, as a job would commit it:
 * its root, its parts, and whether every leaf of it can be proven on chain.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Show the op graph of one training step of a model: the parameters (optimizer state",
      "included), the data inputs and every op, the graph root a job would commit to, and",
      "whether the graph is settleable (every leaf provable in one transaction).",
      "",
      "Models: mlp:<in>-<hidden>...-<classes> and a model file (YAML with 'input' and",
      "'layers', e.g. layers: [{dense: 128}, relu, {dense: 10}]) train with SGD; cnn:lenet5",
      "(1x28x28 images) with SGD; gpt:<layers>-<width>-<heads>-<context> with AdamW.",
      "See docs/op-graph.md."
    })
public final class GraphCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "SPEC|FILE",
      description = "A preset (mlp:..., cnn:lenet5, gpt:...) or a model file.")
  String model;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size B.")
  int batch;

  @Option(
      names = "--dataset-size",
      defaultValue = "8000",
      description = "Training samples N the batches are drawn from.")
  int datasetSize;

  @Option(
      names = "--vocabulary",
      defaultValue = "83",
      description = "Token count of gpt: models (83: moby-dick).")
  int vocabulary;

  @Option(
      names = "--lr",
      defaultValue = "0.1",
      description = "SGD learning rate (mlp, cnn and model files); gpt uses AdamW lr 0.001.")
  String learningRate;

  @Option(names = "--nodes", description = "List every node.")
  boolean nodes;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || datasetSize < 1 || vocabulary < 2) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--batch and --dataset-size must be >= 1 and --vocabulary >= 2");
    }
    OpGraph graph = graph();
    List<String> problems = OpGraphValidator.problems(graph);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          new ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(report(graph, problems)));
    } else {
      text(out, graph, problems);
    }
    out.flush();
    return 0;
  }

  private OpGraph graph() throws IOException {
    if (model.startsWith("gpt:")) {
      AdamW adamW = new AdamW(16777, 100, 58982, 65470, 168, 655);
      return ModelPresets.gpt(model, vocabulary).graph(batch, adamW, datasetSize);
    }
    long eta = TrainingConfig.eta(learningRate, batch);
    if (model.equals(ModelPresets.LENET5)) {
      return ModelPresets.lenet5().graph(batch, eta, datasetSize);
    }
    if (model.startsWith("mlp:")) {
      return ModelPresets.mlp(model).graph(batch, eta, datasetSize);
    }
    Path file = Path.of(model);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "unknown model '" + model + "': not a preset (mlp:..., cnn:lenet5, gpt:...) nor a file");
    }
    JsonNode tree;
    try {
      tree = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "model file "
              + file
              + " is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    return ModelFile.read(tree).graph(batch, eta, datasetSize);
  }

  private void text(PrintWriter out, OpGraph g, List<String> problems) {
    out.printf("model        %s (batch %d, %d training samples)%n", model, batch, datasetSize);
    out.printf(
        "nodes        %d parameters (%,d values), %d data inputs, %d ops%n",
        g.params(), values(g), g.data(), g.ops());
    out.printf("graph root   %s%n", g.root().hex());
    GraphCost cost = GraphCost.of(g);
    out.printf(
        "step cost    %,d tensor values held, at most %,d element reads%n",
        cost.values(), cost.elementWork());
    out.printf("ops          %s%n", opCounts(g));
    if (problems.isEmpty()) {
      out.println("settleable   yes: every leaf fits one transaction");
    } else {
      out.printf("settleable   no (%d problems):%n", problems.size());
      problems.stream().limit(10).forEach(p -> out.println("  " + p));
    }
    if (nodes) {
      for (int i = 0; i < g.nodes().size(); i++) {
        GraphNode n = g.node(i);
        out.printf(
            "  %4d  %-26s %s -> %dx%d %s%n",
            i,
            NodeKind.describe(n.kind()),
            inputs(n),
            n.rows(),
            n.cols(),
            Arrays.toString(n.attrs()));
      }
    }
  }

  private ObjectNode report(OpGraph g, List<String> problems) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("model", model).put("batch", batch).put("datasetSize", datasetSize);
    o.put("parameters", g.params()).put("parameterValues", values(g));
    o.put("dataInputs", g.data()).put("ops", g.ops()).put("root", g.root().hex());
    GraphCost cost = GraphCost.of(g);
    o.put("values", cost.values()).put("elementWork", cost.elementWork());
    o.put("settleable", problems.isEmpty());
    ArrayNode p = o.putArray("problems");
    problems.forEach(p::add);
    ObjectNode counts = o.putObject("opCounts");
    countsByName(g).forEach(counts::put);
    return o;
  }

  private static long values(OpGraph g) {
    long v = 0;
    for (int p = 0; p < g.params(); p++) {
      v += (long) g.node(p).rows() * g.node(p).cols();
    }
    return v;
  }

  private static Map<String, Integer> countsByName(OpGraph g) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = g.params() + g.data(); i < g.nodes().size(); i++) {
      counts.merge(NodeKind.describe(g.node(i).kind()), 1, Integer::sum);
    }
    return counts;
  }

  private static String opCounts(OpGraph g) {
    StringBuilder sb = new StringBuilder();
    countsByName(g)
        .forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(" x").append(v));
    return sb.toString();
  }

  private static String inputs(GraphNode n) {
    String a = n.in0() == GraphNode.NONE ? "-" : Integer.toString(n.in0());
    String b = n.in1() == GraphNode.NONE ? "-" : Integer.toString(n.in1());
    return "(" + a + ", " + b + ")";
  }
}
