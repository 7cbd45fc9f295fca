package io.tribunal.core.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.StepEngine;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Flipping any single bit of any parameter, data sample, seed or step index changes the state hash
 * or the trace root.
 */
class CommitmentBitFlipPropertiesTest {
  private static final MlpSpec SPEC = MlpSpec.parse("mlp:6-5-3");

  @Property(tries = 2000)
  void flippingAnyParameterBitChangesTheStateHash(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3) int param,
      @ForAll @IntRange(min = 0, max = 31) int bit,
      @ForAll @IntRange(min = 0, max = 1000) int position) {
    ModelState state = randomState(seed, 17);
    Tensor t = state.parameters().get(param);
    int row = position % t.rows();
    int col = (position / t.rows()) % t.cols();
    List<Tensor> flipped = new ArrayList<>(state.parameters());
    Tensor copy = t.copy();
    copy.row(row)[col] ^= 1 << bit;
    flipped.set(param, copy);
    ModelState other = new ModelState(state.step(), flipped);
    assertThat(other.hash(Parallel.serial())).isNotEqualTo(state.hash(Parallel.serial()));
  }

  @Property(tries = 2000)
  void flippingAnyStepIndexBitChangesTheStateHashAndTraceLeaf(
      @ForAll long seed,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long step,
      @ForAll @IntRange(min = 0, max = 63) int bit) {
    ModelState state = randomState(seed, step);
    ModelState other = new ModelState(step ^ (1L << bit), state.parameters());
    Hash32 h = state.hash(Parallel.serial());
    assertThat(other.hash(Parallel.serial())).isNotEqualTo(h);
    assertThat(TraceCommitment.leaf(step ^ (1L << bit), h))
        .isNotEqualTo(TraceCommitment.leaf(step, h));
  }

  @Property(tries = 300)
  void flippingAnyDataSampleBitChangesTheTraceRoot(
      @ForAll @IntRange(min = 0, max = 23) int sample,
      @ForAll @IntRange(min = 0, max = 6) int column,
      @ForAll @IntRange(min = 0, max = 31) int bit)
      throws IOException {
    Dataset data = dataset(new Random(11));
    int[][] rows = new int[data.size()][];
    int[] labels = new int[data.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = data.features().row(i).clone();
      labels[i] = data.label(i);
    }
    if (column == 6) {
      labels[sample] ^= 1 << (bit % 2); // label bits that keep it a valid class (0..3 -> 0..3)
      labels[sample] %= 3;
      if (labels[sample] == data.label(sample)) {
        labels[sample] = (labels[sample] + 1) % 3;
      }
    } else {
      rows[sample][column] ^= 1 << bit;
    }
    Dataset flipped = new Dataset("d", Tensor.wrap(6, rows), labels, 3);
    assertThat(traceRoot(flipped, 5)).isNotEqualTo(traceRoot(data, 5));
  }

  @Property(tries = 200)
  void flippingAnySeedBitChangesTheTraceRoot(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 0, max = 62) int bit)
      throws IOException {
    Dataset data = dataset(new Random(5));
    assertThat(traceRoot(data, seed ^ (1L << bit))).isNotEqualTo(traceRoot(data, seed));
  }

  private static Hash32 traceRoot(Dataset data, long seed) throws IOException {
    Hash32 root = DatasetCommitment.of(data, Parallel.serial()).root();
    TrainingConfig config = new TrainingConfig(SPEC, "d", root, seed, 4, "0.5", 3, 2);
    var dir = Files.createTempDirectory("flip");
    var result =
        new Trainer(
                config,
                new DatasetSplit(data, data),
                CheckpointStore.open(dir, false),
                Parallel.serial(),
                TrainListener.NONE)
            .run(Long.MAX_VALUE);
    return result.traceRoot().orElseThrow();
  }

  private static ModelState randomState(long seed, long step) {
    TrainingConfig config =
        new TrainingConfig(SPEC, "d", Hash32.ZERO, seed & Long.MAX_VALUE, 4, "0.5", 3, 2);
    ModelState init = new StepEngine(config, dataset(new Random(seed))).initial();
    List<Tensor> params = new ArrayList<>();
    Random r = new Random(seed);
    for (Tensor t : init.parameters()) {
      Tensor c = t.copy();
      for (int i = 0; i < c.rows(); i++) {
        for (int j = 0; j < c.cols(); j++) {
          c.row(i)[j] ^= r.nextInt(1 << 10);
        }
      }
      params.add(c);
    }
    return new ModelState(step, params);
  }

  private static Dataset dataset(Random r) {
    int[][] rows = new int[24][6];
    int[] labels = new int[24];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < 6; j++) {
        rows[i][j] = r.nextInt(1 << 17);
      }
      labels[i] = i % 3;
    }
    return new Dataset("d", Tensor.wrap(6, rows), labels, 3);
  }
}
