package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.LeafEvaluatorHarness;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.RowProof;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test of the Solidity leaf evaluator against core's Java element functions on a real
 * anvil: for every op, 2,000 random well-formed cases (extremes included) go through {@code
 * eth_call} in batches of 100 and must equal {@code Op.element} bit for bit. The generator (initial
 * parameters, batch indices) and the row commitment (leaf hashes, proofs) are compared the same
 * way. Deterministic: fixed seeds.
 */
@ExtendWith(AnvilExtension.class)
class LeafEvaluatorDifferentialIT {
  private static final int CASES_PER_OP = 2_000;
  private static final int BATCH = 100;

  private static LeafEvaluatorHarness harness;

  @BeforeAll
  static void deployHarness(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    harness =
        LeafEvaluatorHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeafOp.class,
      names = {
        "MAT_MUL",
        "TRANSPOSE",
        "ADD_BIAS",
        "RELU",
        "RELU_BACKWARD",
        "SOFTMAX_XENT_GRAD",
        "ROW_SUM",
        "SGD_UPDATE",
        "GATHER_ROWS"
      })
  void everyElementAgreesWithCore(LeafOp kind) throws Exception {
    RandomInputs random = new RandomInputs(0x7EAF_0000L + kind.ordinal());
    int checked = 0;
    for (int batch = 0; checked < CASES_PER_OP; batch++) {
      Op op = random.op(kind, batch);
      assertThat(LeafOp.of(op)).isEqualTo(kind);
      List<ElementCase> cases = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        cases.add(ElementCase.of(op, random.inputs(op), random::nextInt));
      }
      BigInteger eta = BigInteger.valueOf(LeafOp.eta(op));
      ElementBatch call =
          (k, rows, cols, in0, in1) -> harness.elementBatch(k, rows, cols, in0, in1, eta);
      List<BigInteger> onChain = call.evaluate(kind, cases);
      for (int i = 0; i < BATCH; i++) {
        assertThat(onChain.get(i).intValueExact())
            .as("%s case %d (%s)", kind, checked + i, cases.get(i).describe())
            .isEqualTo(cases.get(i).expected());
      }
      checked += BATCH;
    }
    assertThat(checked).isGreaterThanOrEqualTo(CASES_PER_OP);
  }

  @Test
  @SuppressWarnings("unchecked")
  void initialParametersAgreeWithCore() throws Exception {
    MlpSpec spec = MlpSpec.parse("mlp:784-128-10");
    SplittableRandom r = new SplittableRandom(0x1417);
    int checked = 0;
    for (long seed : new long[] {1, 2, 0xFFFF_FFFF_FFFFL, r.nextLong(1L << 62)}) {
      List<Tensor> params = Initializer.initialParameters(spec, seed);
      for (int p = 0; p < params.size(); p++) {
        Tensor t = params.get(p);
        List<BigInteger> rows = new ArrayList<>();
        List<BigInteger> cols = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          int row = r.nextInt(t.rows());
          int col = r.nextInt(t.cols());
          rows.add(BigInteger.valueOf(row));
          cols.add(BigInteger.valueOf(col));
          expected.add(t.get(row, col));
        }
        List<BigInteger> onChain =
            harness
                .initialParameterBatch(
                    BigInteger.valueOf(seed),
                    BigInteger.valueOf(p),
                    rows,
                    cols,
                    BigInteger.valueOf(t.cols()))
                .send();
        for (int i = 0; i < expected.size(); i++) {
          assertThat(onChain.get(i).intValueExact())
              .as("seed %d param %d (%s, %s)", seed, p, rows.get(i), cols.get(i))
              .isEqualTo(expected.get(i));
        }
        checked += expected.size();
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2_000);
  }

  @Test
  @SuppressWarnings("unchecked")
  void batchIndicesAgreeWithCore() throws Exception {
    SplittableRandom r = new SplittableRandom(0xBA7C);
    int checked = 0;
    for (int i = 0; i < 64; i++) {
      long seed = i % 4 == 0 ? i : r.nextLong(1L << 62);
      long step = r.nextLong(1 << 20);
      int n = i % 3 == 0 ? 8_000 : 1 + r.nextInt(i % 3 == 1 ? 100 : Integer.MAX_VALUE);
      int[] expected = BatchSampler.indices(seed, step, 32, n);
      List<BigInteger> onChain =
          harness
              .batchIndices(
                  BigInteger.valueOf(seed),
                  BigInteger.valueOf(step),
                  BigInteger.valueOf(32),
                  BigInteger.valueOf(n))
              .send();
      for (int b = 0; b < expected.length; b++) {
        assertThat(onChain.get(b).intValueExact()).isEqualTo(expected[b]);
      }
      checked += expected.length;
    }
    assertThat(checked).isGreaterThanOrEqualTo(2_000);
  }

  @Test
  void rowLeavesAndProofsAgreeWithCore() throws Exception {
    RandomInputs random = new RandomInputs(0xC0417);
    for (int i = 0; i < 60; i++) {
      int rows = 1 + random.nextInt(i < 50 ? 40 : 3000);
      int cols = 1 + random.nextInt(16);
      int[][] data = new int[rows][cols];
      for (int[] row : data) {
        for (int j = 0; j < cols; j++) {
          row[j] = random.value();
        }
      }
      Tensor t = Tensor.wrap(cols, data);
      TensorCommitment commitment = TensorCommitment.of(t);
      int index = random.nextInt(rows);
      RowProof proof = commitment.proveRow(t, index);
      byte[] packed = PackedRow.pack(t.row(index));
      assertThat(harness.rowLeaf(BigInteger.valueOf(index), packed).send())
          .isEqualTo(TensorCommitment.rowLeaf(index, t.row(index)).bytes());
      List<byte[]> siblings = proof.siblings().stream().map(Hash32::bytes).toList();
      assertThat(verify(commitment.root(), rows, cols, index, packed, siblings)).isTrue();
      packed[packed.length - 1] ^= 1;
      assertThat(verify(commitment.root(), rows, cols, index, packed, siblings)).isFalse();
    }
  }

  private static boolean verify(
      Hash32 root, int rows, int cols, int index, byte[] row, List<byte[]> siblings)
      throws Exception {
    return harness
        .verifyRow(
            root.bytes(),
            BigInteger.valueOf(rows),
            BigInteger.valueOf(cols),
            BigInteger.valueOf(index),
            row,
            siblings)
        .send();
  }
}
