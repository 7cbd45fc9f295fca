package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.NormOpsHarness;
import io.tribunal.core.ops.DeclaredRows;
import io.tribunal.core.ops.Op;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.ArrayList;
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
        cases.add(ElementCase.of(op, random.inputs(op), random::nextInt));
      }
      List<BigInteger> attrs = ElementBatch.attributes(op.attributes());
      ElementBatch call =
          (k, rows, cols, in0, in1) -> harness.elementBatch(k, rows, cols, in0, in1, attrs);
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
}
