package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.OptimizerOpsHarness;
import io.tribunal.core.ops.Op;
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
 * Differential test of the embedding, residual add and AdamW evaluator (OptimizerOps.sol) against
 * core's Java element functions on a real anvil: for every op of the family, 2,000 random
 * well-formed cases (about 30% extreme values, varied shapes and attributes, AdamW from step 0 to
 * 2^32 - 1) go through {@code eth_call} in batches of 100 that share one op's attributes, and must
 * equal {@code Op.element} over {@code DeclaredRows} bit for bit. Deterministic: fixed seeds.
 */
@ExtendWith(AnvilExtension.class)
class OptimizerOpsDifferentialIT {
  private static final int CASES_PER_OP = 2_000;
  private static final int BATCH = 100;

  private static OptimizerOpsHarness harness;

  @BeforeAll
  static void deployHarness(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    harness =
        OptimizerOpsHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeafOp.class,
      names = {
        "ONE_HOT",
        "ADD_POSITIONS",
        "POSITION_GRAD",
        "ADD",
        "ADAM_MOMENT1",
        "ADAM_MOMENT2",
        "CONCAT_COLUMNS",
        "ADAMW_UPDATE",
        "SEQUENCE_TOKENS"
      })
  void everyElementAgreesWithCore(LeafOp kind) throws Exception {
    OptimizerRandomInputs random = new OptimizerRandomInputs(0xADA3_0000L + kind.ordinal());
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
            .as(
                "%s %s case %d (%s)",
                kind, Arrays.toString(op.attributes()), checked + i, cases.get(i).describe())
            .isEqualTo(cases.get(i).expected());
      }
      checked += BATCH;
    }
    assertThat(checked).isGreaterThanOrEqualTo(CASES_PER_OP);
  }
}
