package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.LeafVerifier;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.tensor.Shape;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.leaf.LeafOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The deployed LeafVerifier's step program (what the game indexes ops by) is core's {@link
 * StepProgram#build} for mlp:784-128-10, op by op: kind, both input sources and indices, and the
 * output shape, read through eth_call.
 */
@ExtendWith(AnvilExtension.class)
class ProgramOpMirrorIT {
  private static final int SOURCE_NONE = 0;
  private static final int SOURCE_PARAM = 1;
  private static final int SOURCE_OP = 2;
  private static final int SOURCE_DATA_X = 3;
  private static final int SOURCE_DATA_Y = 4;

  @Test
  void programOpEqualsCoreStepProgramForTheMnistModel(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    String address = devnet.deployment().address("LeafVerifier");
    LeafVerifier lv =
        LeafVerifier.load(
            address,
            chain.web3j(),
            new ReadonlyTransactionManager(chain.web3j(), address),
            chain.gasProvider());
    MlpSpec spec = MlpSpec.parse("mlp:784-128-10");
    int batch = 32;
    StepProgram program = StepProgram.build(spec, 52429, new int[batch]);
    List<BigInteger> widths = spec.widths().stream().map(BigInteger::valueOf).toList();
    assertThat(lv.programLength(BigInteger.TWO).send().intValueExact()).isEqualTo(program.size());

    Map<String, Shape> shapes = new HashMap<>();
    List<String> params = spec.parameterNames();
    for (int l = 1; l <= spec.layers(); l++) {
      shapes.put("W" + l, new Shape(spec.widths().get(l), spec.widths().get(l - 1)));
      shapes.put("b" + l, new Shape(spec.widths().get(l), 1));
    }
    shapes.put(StepProgram.DATA_X, new Shape(8_000, spec.inputWidth()));
    shapes.put(StepProgram.DATA_Y, new Shape(8_000, 1));
    List<String> outputs = new ArrayList<>();
    for (int k = 0; k < program.size(); k++) {
      Invocation inv = program.invocations().get(k);
      List<Shape> in = inv.inputs().stream().map(shapes::get).toList();
      Shape out = inv.op().outputShape(in);
      LeafVerifier.ProgramOp op =
          lv.programOp(widths, BigInteger.valueOf(batch), BigInteger.valueOf(k)).send();
      int[] src0 = source(inv.inputs().get(0), params, outputs);
      int[] src1 =
          inv.inputs().size() > 1
              ? source(inv.inputs().get(1), params, outputs)
              : new int[] {SOURCE_NONE, 0};
      assertThat(
              List.of(
                  op.kind.intValueExact(),
                  op.src0.intValueExact(),
                  op.in0.intValueExact(),
                  op.src1.intValueExact(),
                  op.in1.intValueExact(),
                  op.rows.intValueExact(),
                  op.cols.intValueExact()))
          .as("op %d (%s = %s%s)", k, inv.output(), inv.op().name(), inv.inputs())
          .containsExactly(
              LeafOp.of(inv.op()).index(),
              src0[0],
              src0[1],
              src1[0],
              src1[1],
              out.rows(),
              out.cols());
      shapes.put(inv.output(), out);
      outputs.add(inv.output());
    }
  }

  private static int[] source(String name, List<String> params, List<String> outputs) {
    if (name.equals(StepProgram.DATA_X)) {
      return new int[] {SOURCE_DATA_X, 0};
    }
    if (name.equals(StepProgram.DATA_Y)) {
      return new int[] {SOURCE_DATA_Y, 0};
    }
    int p = params.indexOf(name);
    return p >= 0 ? new int[] {SOURCE_PARAM, p} : new int[] {SOURCE_OP, outputs.indexOf(name)};
  }
}
