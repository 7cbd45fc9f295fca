package io.tribunal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.layout.NpmLocator;
import io.tribunal.protocol.leaf.LeafOp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The float32 twin against the fixed-point engine, node by node, on one step (step 1, after one
 * fixed step, so AdamW's moments are non-zero) of an MLP, LeNet-5 at batch 2 and a one-block
 * transformer. Two checks per op node, each measured as (max|float − fixed| − 2^-16) over max(2^-4,
 * max|fixed|), one Q16.16 unit being the fixed engine's own rounding:
 *
 * <ul>
 *   <li>isolated: the float formula on the fixed inputs, within 2^-7 (a wrong formula fails); for
 *       the update ops the scale is the update itself, max|W' − W|, without the floor, so a wrong
 *       step size shows, and AdamW's update within 2^-4: its bias-corrected first moment is rounded
 *       to one Q16.16 unit, a few per cent of a gradient only a few units large (dropping the bias
 *       correction or the warm-up changes step 1's update five-fold);
 *   <li>chained: the whole float step from the same state, within 2^-4 on every node's values (not
 *       on the updates: Adam divides a gradient by its own size, so a gradient only a few units
 *       large, mostly rounding, is still stepped by up to a full learning rate).
 * </ul>
 */
class FloatGraphStepTest {
  private static final double ISOLATED = 1.0 / 128;
  private static final double CHAINED = 1.0 / 16;
  private static final double ADAMW = 1.0 / 16;
  private static final double FLOOR = 1.0 / 16;
  private static final Path CACHE = Path.of("target", "dataset-cache").toAbsolutePath();

  @Test
  void anMlpStepAgreesNodeByNode() {
    Dataset train = MnistNpm.load(CACHE, NpmLocator.packages()).train();
    OpGraph graph =
        ModelPresets.mlp("mlp:784-32-10").graph(4, TrainingConfig.eta("0.1", 4), train.size());
    agree(graph, train);
  }

  @Test
  void aLenet5StepAtBatchTwoAgreesNodeByNode() {
    Dataset train = MnistNpm.load(CACHE, NpmLocator.packages()).train();
    OpGraph graph = ModelPresets.lenet5().graph(2, TrainingConfig.eta("0.1", 2), train.size());
    agree(graph, train);
  }

  @Test
  void aTinyTransformerStepWithAdamWAgreesNodeByNode() {
    Dataset train = MobyDickNpm.load("moby-dick:8", NpmLocator.packages()).train();
    OpGraph graph =
        ModelPresets.gpt("gpt:1-16-2-8", train.classes())
            .graph(2, new AdamW(16777, 10, 58982, 65470, 168, 655), train.size());
    agree(graph, train);
  }

  private static void agree(OpGraph graph, Dataset train) {
    GraphStep fixed = new GraphStep(graph);
    FloatGraphStep twin = new FloatGraphStep(graph);
    RealValues real = new RealValues(graph);
    List<Tensor> data = List.of(train.features(), train.labelTensor());
    int batch = graph.batch();
    try (Parallel parallel = Parallel.serial()) {
      List<Tensor> state =
          fixed.step(
              fixed.initialParameters(3),
              data,
              0,
              BatchSampler.indices(3, 0, batch, train.size()),
              parallel);
      int[] idx = BatchSampler.indices(3, 1, batch, train.size());
      List<Tensor> all = fixed.run(state, data, 1, idx, parallel);
      List<FloatTensor> realAll = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        realAll.add(real.of(i, all.get(i)));
      }
      List<FloatTensor> chained =
          twin.run(twin.toReal(state, 0), twin.toReal(data, graph.params()), 1, idx, parallel);
      double worstIsolated = 0;
      double worstChained = 0;
      double worstAdamW = 0;
      for (int i = graph.params() + graph.data(); i < all.size(); i++) {
        GraphNode n = graph.node(i);
        FloatTensor in0 = realAll.get(n.in0());
        FloatTensor in1 = n.in1() == GraphNode.NONE ? null : realAll.get(n.in1());
        FloatTensor isolated = FloatGraphStep.compute(n, in0, in1, 1, idx, parallel);
        double a = error(n, in0, isolated, realAll.get(i), true);
        double c = error(n, in0, chained.get(i), realAll.get(i), false);
        boolean adamw = n.kind() == LeafOp.ADAMW_UPDATE.index();
        assertThat(a).as("node %d %s isolated", i, n).isLessThanOrEqualTo(adamw ? ADAMW : ISOLATED);
        assertThat(c).as("node %d %s chained", i, n).isLessThanOrEqualTo(CHAINED);
        worstIsolated = adamw ? worstIsolated : Math.max(worstIsolated, a);
        worstAdamW = adamw ? Math.max(worstAdamW, a) : worstAdamW;
        worstChained = Math.max(worstChained, c);
      }
      System.out.printf(
          "%d nodes: worst relative gap isolated %.2e (adamw_update %.2e), chained %.2e%n",
          all.size(), worstIsolated, worstAdamW, worstChained);
    }
  }

  /** (max|f − x| − one unit) / max(FLOOR, max|x|), on W' − W for the update ops. */
  private static double error(
      GraphNode n, FloatTensor in0, FloatTensor f, FloatTensor x, boolean onUpdates) {
    boolean update =
        onUpdates
            && (n.kind() == LeafOp.SGD_UPDATE.index() || n.kind() == LeafOp.ADAMW_UPDATE.index());
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < x.v().length; i++) {
      double base = update ? in0.v()[i] : 0;
      worst = Math.max(worst, Math.abs(f.v()[i] - x.v()[i]));
      scale = Math.max(scale, Math.abs(x.v()[i] - base));
    }
    double unit = 1.0 / 65536;
    return Math.max(0, worst - unit) / Math.max(update ? 0 : FLOOR, scale == 0 ? FLOOR : scale);
  }
}
