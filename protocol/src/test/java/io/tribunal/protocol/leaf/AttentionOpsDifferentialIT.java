package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.AttentionOpsHarness;
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
 * Differential test of the Solidity attention evaluator (AttentionOps.sol) against core's Java
 * element functions on a real anvil: for every attention op, 2,000 random well-formed cases ({@link
 * AttentionRandomInputs}: varied contexts, heads and widths, extremes included) go through {@code
 * eth_call} in batches of 100 sharing one attribute list, and must equal {@code Op.element} over
 * the declared rows bit for bit. Deterministic: fixed seeds.
 */
@ExtendWith(AnvilExtension.class)
class AttentionOpsDifferentialIT {
  private static final int CASES_PER_OP = 2_000;
  private static final int BATCH = 100;

  private static AttentionOpsHarness harness;

  @BeforeAll
  static void deployHarness(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    harness =
        AttentionOpsHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeafOp.class,
      names = {
        "SPLIT_HEADS",
        "MERGE_HEADS",
        "BLOCK_MAT_MUL",
        "BLOCK_TRANSPOSE",
        "SCALE_BY",
        "CAUSAL_SOFTMAX",
        "SOFTMAX_BACKWARD"
      })
  void everyElementAgreesWithCore(LeafOp kind) throws Exception {
    AttentionRandomInputs random = new AttentionRandomInputs(0xA77E_0000L + kind.ordinal());
    int checked = 0;
    for (int batch = 0; checked < CASES_PER_OP; batch++) {
      Op op = random.op(kind, batch);
      assertThat(LeafOp.of(op)).isEqualTo(kind);
      List<ElementCase> cases = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        cases.add(random.element(op, random.inputs(op)));
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
