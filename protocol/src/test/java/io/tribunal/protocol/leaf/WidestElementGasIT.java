package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.LeafEvaluatorHarness;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * Measures, on anvil, the whole-transaction gas of the widest element check of mlp:784-128-10 (a W1
 * row against a pixel row, 784 wide, rows as packed int32 calldata) and of a 10-class softmax-CE
 * gradient element: eth_estimateGas, i.e. 21,000 + calldata (with the chain's calldata floor) +
 * execution. A measurement with a generous bound, not a timing test.
 */
@ExtendWith(AnvilExtension.class)
class WidestElementGasIT {
  @Test
  void widestDotProductElementFitsWellUnderTheLeafBudget(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    String from = devnet.account(0).getAddress();
    LeafEvaluatorHarness harness =
        LeafEvaluatorHarness.deploy(
                chain.web3j(), chain.transactionManager(devnet.account(0)), chain.gasProvider())
            .send();
    int[] w = Initializer.initialParameters(MlpSpec.parse("mlp:784-128-10"), 1).get(0).row(5);
    SplittableRandom r = new SplittableRandom(784);
    int[] x = new int[784];
    for (int k = 0; k < x.length; k++) {
      x[k] = r.nextInt(3) == 0 ? r.nextInt(256) * 257 : 0;
    }
    byte[] a = PackedRow.pack(w);
    byte[] b = PackedRow.pack(x);
    assertThat(harness.opMatMul(a, b).send().intValueExact()).isEqualTo(Fixed.dot(w, x));

    long dotGas = estimate(chain, from, harness, "opMatMul", a, b);
    int[] logits = {-150_000, -110_000, -70_000, -30_000, 10_000, 50_000, 90_000, 0, 5, -5};
    long softmaxGas =
        estimate(
            chain,
            from,
            harness,
            "element",
            BigInteger.valueOf(LeafOp.SOFTMAX_XENT_GRAD.index()),
            PackedRow.pack(logits),
            PackedRow.pack(new int[] {3}));
    String dotData =
        FunctionEncoder.encode(
            new Function("opMatMul", List.of(new DynamicBytes(a), new DynamicBytes(b)), List.of()));
    System.out.printf(
        "[leaf gas] 784-wide matmul element tx: %,d gas for %,d calldata bytes (EIP-7623 floor"
            + " %,d, standard intrinsic %,d); 10-class softmax_xent_grad element tx: %,d gas%n",
        dotGas,
        (dotData.length() - 2) / 2,
        intrinsic(dotData, true),
        intrinsic(dotData, false),
        softmaxGas);
    assertThat(dotGas).isLessThan(300_000);
    assertThat(softmaxGas).isLessThan(100_000);
  }

  /** 21,000 + calldata gas: standard 4/16 per zero/non-zero byte, or the EIP-7623 floor 10/40. */
  private static long intrinsic(String hexData, boolean floor) {
    long zeros = 0;
    long nonZeros = 0;
    for (int i = 2; i < hexData.length(); i += 2) {
      if (hexData.startsWith("00", i)) {
        zeros++;
      } else {
        nonZeros++;
      }
    }
    return 21_000 + (floor ? 10 * zeros + 40 * nonZeros : 4 * zeros + 16 * nonZeros);
  }

  private static long estimate(
      TribunalChain chain, String from, LeafEvaluatorHarness harness, String fn, byte[] a, byte[] b)
      throws Exception {
    return estimate(
        chain,
        from,
        harness,
        new Function(fn, List.of(new DynamicBytes(a), new DynamicBytes(b)), List.of()));
  }

  private static long estimate(
      TribunalChain chain,
      String from,
      LeafEvaluatorHarness harness,
      String fn,
      BigInteger op,
      byte[] in0,
      byte[] in1)
      throws Exception {
    var args =
        List.<org.web3j.abi.datatypes.Type>of(
            new org.web3j.abi.datatypes.generated.Uint8(op),
            new org.web3j.abi.datatypes.generated.Uint256(0),
            new org.web3j.abi.datatypes.generated.Uint256(3),
            new DynamicBytes(in0),
            new DynamicBytes(in1),
            new org.web3j.abi.datatypes.generated.Uint256(0));
    return estimate(chain, from, harness, new Function(fn, args, List.of()));
  }

  private static long estimate(
      TribunalChain chain, String from, LeafEvaluatorHarness harness, Function function)
      throws Exception {
    Transaction tx =
        Transaction.createEthCallTransaction(
            from, harness.getContractAddress(), FunctionEncoder.encode(function));
    var response = chain.web3j().ethEstimateGas(tx).send();
    if (response.hasError()) {
      throw new IllegalStateException("estimateGas failed: " + response.getError().getMessage());
    }
    return response.getAmountUsed().longValueExact();
  }
}
