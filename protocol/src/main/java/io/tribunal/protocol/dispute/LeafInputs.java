package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.SampleEncoding;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Transpose;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.List;

/**
 * Builds the solver's final move: the opened output row and exactly the input rows the op declares
 * for element (row, col), packed as raw int32 calldata ({@link PackedRow}) with positional proofs
 * against the input row trees, or the dataset sample with its OpenZeppelin proof for a gather.
 */
final class LeafInputs {
  private LeafInputs() {}

  static Move.ProveLeaf build(MlpTraceSource trace, Pinpoint p) {
    int tensor = p.tensor().orElseThrow();
    int row = p.row().orElseThrow();
    int col = p.col().orElseThrow();
    long step = p.step().orElseThrow();
    if (p.atInit()) {
      byte[] out = PackedRow.pack(trace.parameters(0).get(tensor).row(row));
      return new Move.ProveLeaf(out, new byte[0], List.of(), new byte[0], List.of());
    }
    byte[] out = PackedRow.pack(trace.opOutputs(step).get(tensor).row(row));
    StepProgram program = program(trace.config(), trace.train().size(), step);
    Invocation inv = program.invocations().get(tensor);
    if (inv.op() instanceof GatherRows g) {
      int idx = g.indices()[row];
      byte[] sample =
          SampleEncoding.abiEncode(
              idx, trace.train().label(idx), trace.train().features().row(idx));
      return new Move.ProveLeaf(
          out, sample, trace.datasetCommitment().proof(idx), new byte[0], List.of());
    }
    int index0 = inv.op() instanceof Transpose ? col : row;
    Input in0 = input(trace, program, step, inv.inputs().get(0), index0);
    if (inv.inputs().size() < 2) {
      return new Move.ProveLeaf(out, in0.row, in0.proof, new byte[0], List.of());
    }
    boolean byCol = inv.op() instanceof MatMul || inv.op() instanceof AddBias;
    Input in1 = input(trace, program, step, inv.inputs().get(1), byCol ? col : row);
    return new Move.ProveLeaf(out, in0.row, in0.proof, in1.row, in1.proof);
  }

  static StepProgram program(TrainingConfig config, int datasetSize, long step) {
    int[] idx = BatchSampler.indices(config.seed(), step, config.batch(), datasetSize);
    return StepProgram.build(config.model(), config.eta(), idx);
  }

  private record Input(byte[] row, List<Hash32> proof) {}

  private static Input input(
      MlpTraceSource trace, StepProgram program, long step, String name, int index) {
    Tensor t = tensor(trace, program, step, name);
    MerkleLevels tree = RowTrees.of(t);
    return new Input(PackedRow.pack(t.row(index)), tree.proof(index, tree.height()));
  }

  private static Tensor tensor(MlpTraceSource trace, StepProgram program, long step, String name) {
    int param = trace.config().model().parameterNames().indexOf(name);
    if (param >= 0) {
      return trace.parameters(step).get(param);
    }
    List<Invocation> invs = program.invocations();
    for (int k = 0; k < invs.size(); k++) {
      if (invs.get(k).output().equals(name)) {
        return trace.opOutputs(step).get(k);
      }
    }
    throw new IllegalStateException("op input " + name + " is neither a parameter nor an op");
  }
}
