package io.tribunal.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prepared single-row forward pass equals core's whole-tensor ops on the same rows. */
class ForwardPassTest {
  private static final int[] EXTREMES = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 65536};

  @Test
  void preparedRowsEqualTheBatchForwardPassBitForBit() {
    Random r = new Random(3);
    for (String arch : List.of("mlp:784-16-10", "mlp:5-7-3", "mlp:130-9-4-2")) {
      MlpSpec spec = MlpSpec.parse(arch);
      for (int model = 0; model < 4; model++) {
        boolean extreme = model == 3; // overflowing sums: core's exact path
        List<Tensor> params = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
          int in = spec.widths().get(l);
          int out = spec.widths().get(l + 1);
          params.add(random(r, out, in, extreme, 0));
          params.add(random(r, out, 1, extreme, 0));
        }
        ForwardPass prepared = ForwardPass.prepare(spec, params);
        Tensor inputs = random(r, 40, spec.inputWidth(), extreme, 80); // MNIST-like: mostly zeros
        Tensor batch = ForwardPass.logits(spec, params, inputs);
        for (int i = 0; i < inputs.rows(); i++) {
          assertThat(prepared.logits(inputs.row(i)))
              .as(arch + " row " + i)
              .containsExactly(batch.row(i));
        }
      }
    }
  }

  @Test
  void anInputOfTheWrongWidthIsRefused() {
    MlpSpec spec = MlpSpec.parse("mlp:5-7-3");
    List<Tensor> params =
        List.of(
            random(new Random(1), 7, 5, false, 0),
            random(new Random(2), 7, 1, false, 0),
            random(new Random(3), 3, 7, false, 0),
            random(new Random(4), 3, 1, false, 0));
    assertThatThrownBy(() -> ForwardPass.prepare(spec, params).logits(new int[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the model takes 5");
  }

  private static Tensor random(Random r, int rows, int cols, boolean extreme, int zeroPercent) {
    int[][] t = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (r.nextInt(100) < zeroPercent) {
          continue;
        }
        t[i][j] =
            extreme && r.nextBoolean()
                ? EXTREMES[r.nextInt(EXTREMES.length)]
                : r.nextInt(1 << 18) - (1 << 17);
      }
    }
    return Tensor.wrap(cols, t);
  }
}
