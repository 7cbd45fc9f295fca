package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.ConvOpsHarness;
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
 * Differential test of ConvOps.sol against core's element functions on a real anvil: for every
 * convolution and pooling op, 2,000 random well-formed cases (20 geometries of 100 cases, the first
 * a LeNet-5 layer; extremes and ties included) go through {@code eth_call} and must equal {@code
 * Op.element} over the declared rows bit for bit. Deterministic: fixed seeds.
 */
@ExtendWith(AnvilExtension.class)
class ConvOpsDifferentialIT {
  private static final int CASES_PER_OP = 2_000;
  private static final int BATCH = 100;
  private static final long MAX_CALL_BYTES = 200_000;

  private static ConvOpsHarness harness;

  @BeforeAll
  static void deployHarness(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    harness =
        ConvOpsHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
  }

  @ParameterizedTest
  @EnumSource(
      value = LeafOp.class,
      names = {
        "CONV2D",
        "CONV2D_INPUT_GRAD",
        "CHANNELS_BY_ROW",
        "CONV2D_WEIGHT_GRAD",
        "ADD_CHANNEL_BIAS",
        "MAX_POOL2D",
        "MAX_POOL2D_BACKWARD",
        "AVG_POOL2D",
        "AVG_POOL2D_BACKWARD"
      })
  void everyElementAgreesWithCore(LeafOp kind) throws Exception {
    ConvRandomInputs random = new ConvRandomInputs(0xC0A7_0000L + kind.ordinal());
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
      List<BigInteger> onChain = evaluate(kind, cases, call);
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

  /**
   * Evaluates the cases in eth_calls of at most {@link #MAX_CALL_BYTES} of rows (LeNet-sized rows
   * would otherwise exceed the node's request size).
   */
  private static List<BigInteger> evaluate(LeafOp kind, List<ElementCase> cases, ElementBatch call)
      throws Exception {
    List<BigInteger> out = new ArrayList<>(cases.size());
    int from = 0;
    while (from < cases.size()) {
      int to = from;
      long bytes = 0;
      while (to < cases.size() && (to == from || bytes + size(cases.get(to)) <= MAX_CALL_BYTES)) {
        bytes += size(cases.get(to++));
      }
      out.addAll(call.evaluate(kind, cases.subList(from, to)));
      from = to;
    }
    return out;
  }

  private static long size(ElementCase c) {
    return c.in0().length + c.in1().length;
  }
}
