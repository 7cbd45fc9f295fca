package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.StepEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The solver daemon defends every game of a job at once from one {@link LocalTrace}: many threads
 * asking it for different steps and intervals at the same time (so its one cached state and op
 * outputs keep changing hands) get exactly what a trace used by one caller gives.
 */
class LocalTraceConcurrencyTest {
  private static final long STEPS = 48;
  private static final long K = 8;

  @Test
  void manyGamesAskingOneTraceAtOnceGetWhatASequentialTraceGives() throws Exception {
    Dataset train = DisputeFixture.mnist().train();
    TrainingConfig config =
        new TrainingConfig(
            MlpSpec.parse("mlp:784-16-10"),
            "mnist",
            Keccak.hash("any root".getBytes(StandardCharsets.UTF_8)),
            7,
            8,
            "0.1",
            STEPS,
            K);
    LocalTrace reference = trace(config, train);
    LocalTrace shared = trace(config, train);

    // requests of every kind at random steps, answered first by the reference, one at a time
    SplittableRandom rnd = new SplittableRandom(2024);
    List<Query> queries = new ArrayList<>();
    List<List<Hash32>> expected = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Query q = new Query(rnd.nextInt(5), rnd.nextLong(STEPS));
      queries.add(q);
      expected.add(q.on(reference));
    }

    // then all at once by the shared trace, from 8 threads the OS switches between mid-computation
    List<Future<List<Hash32>>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (Query q : queries) {
        answers.add(threads.submit(() -> q.on(shared)));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).as("%s", queries.get(i)).isEqualTo(expected.get(i));
      }
    }
  }

  /** One request a defender makes of its trace, as hashes. */
  private record Query(int kind, long step) {
    List<Hash32> on(LocalTrace t) {
      long first = step / K * K;
      long last = Math.min(first + K, STEPS);
      return switch (kind) {
        case 0 -> RowTrees.roots(t.parameters(step));
        case 1 -> RowTrees.roots(t.opOutputs(step));
        case 2 -> t.stepLeaves(first, last);
        case 3 -> t.traceLeaves();
        default -> List.of(t.finalModelHash());
      };
    }
  }

  private static LocalTrace trace(TrainingConfig config, Dataset train) {
    StepRunner runner =
        new StepRunner(new StepEngine(config, train), StepInterceptor.NONE, Parallel.serial());
    Map<Long, ModelState> checkpoints = new HashMap<>();
    ModelState s = runner.initial();
    checkpoints.put(0L, s);
    while (s.step() < config.steps()) {
      s = runner.run(s).next();
      if (TraceCommitment.isCheckpoint(s.step(), config.steps(), config.interval())) {
        checkpoints.put(s.step(), s);
      }
    }
    return new LocalTrace(runner, train, checkpoints::get, Map.of(), Optional.empty());
  }
}
