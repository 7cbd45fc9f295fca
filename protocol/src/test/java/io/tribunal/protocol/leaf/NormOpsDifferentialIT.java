package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.NormOpsHarness;
import io.tribunal.core.ops.DeclaredRows;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test of the Solidity layer-norm and GELU evaluator (NormOps.sol) against core's Java
 * element functions on a real anvil: for every op of the family, 2,000 random well-formed cases
 * (extremes included, shapes and epsilons varied) go through {@code elementBatch} in eth_calls of
 * 100 and must equal {@code Op.element} over {@link DeclaredRows} bit for bit. Deterministic: fixed
 * seeds.
 */
@ExtendWith(AnvilExtension.class)
class NormOpsDifferentialIT {
  private static final int CASES_PER_OP = 2_000;
  private static final int BATCH = 100;

  private static NormOpsHarness harness;

  @BeforeAll
  static void deployHarness(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    harness =
        NormOpsHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeafOp.class,
      names = {
        "LAYER_NORM_STATS",
        "LAYER_NORM_APPLY",
        "MUL_COLUMN",
        "LAYER_NORM_BACKWARD_STATS",
        "LAYER_NORM_BACKWARD",
        "CONCAT_COLUMNS",
        "MUL_ELEMENTWISE",
        "GELU",
        "GELU_BACKWARD"
      })
  void everyElementAgreesWithCore(LeafOp kind) throws Exception {
    NormRandomInputs random = new NormRandomInputs(0x4E0E_0000L + kind.ordinal());
    int checked = 0;
    for (int batch = 0; checked < CASES_PER_OP; batch++) {
      Op op = random.op(kind, batch);
      assertThat(LeafOp.of(op)).isEqualTo(kind);
      List<ElementCase> cases = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        cases.add(caseOf(op, random.inputs(op), random));
      }
      List<BigInteger> onChain = evaluate(kind, cases, op.attributes());
      for (int i = 0; i < BATCH; i++) {
        assertThat(onChain.get(i).intValueExact())
            .as("%s case %d (%s)", kind, checked + i, describe(cases.get(i)))
            .isEqualTo(cases.get(i).expected());
      }
      checked += BATCH;
    }
    assertThat(checked).isGreaterThanOrEqualTo(CASES_PER_OP);
  }

  /** A random output element of op on inputs, with its declared rows packed as calldata. */
  private static ElementCase caseOf(Op op, List<Tensor> inputs, NormRandomInputs random) {
    List<Shape> shapes = Op.shapes(inputs);
    Shape out = op.outputShape(shapes);
    int row = random.nextInt(out.rows());
    int col = random.nextInt(out.cols());
    List<RowRef> deps = op.dependencies(row, col, shapes);
    int expected = op.element(row, col, new DeclaredRows(inputs, deps));
    byte[][] packed = {new byte[0], new byte[0]};
    for (RowRef d : deps) {
      packed[d.input()] = PackedRow.pack(inputs.get(d.input()).row(d.row()));
    }
    return new ElementCase(row, col, packed[0], packed[1], expected);
  }

  @SuppressWarnings("unchecked")
  private static List<BigInteger> evaluate(LeafOp kind, List<ElementCase> cases, long[] attrs)
      throws Exception {
    return harness
        .elementBatch(
            BigInteger.valueOf(kind.index()),
            cases.stream().map(c -> BigInteger.valueOf(c.row())).toList(),
            cases.stream().map(c -> BigInteger.valueOf(c.col())).toList(),
            cases.stream().map(ElementCase::in0).toList(),
            cases.stream().map(ElementCase::in1).toList(),
            Arrays.stream(attrs).mapToObj(BigInteger::valueOf).toList())
        .send();
  }

  private static String describe(ElementCase c) {
    return "row "
        + c.row()
        + ", col "
        + c.col()
        + ", in0 "
        + Arrays.toString(PackedRow.unpack(c.in0()))
        + ", in1 "
        + Arrays.toString(PackedRow.unpack(c.in1()));
  }
}
