package io.tribunal.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestValues;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's split: every index runs exactly once, failures surface, and ops large enough to be
 * split (above {@link Parallel#SERIAL_WORK}) give the serial bits at 2 and 3 threads.
 */
class ParallelTest {
  @Test
  void everyIndexRunsExactlyOnce() {
    for (int threads : new int[] {1, 2, 3, 8}) {
      try (Parallel p = Parallel.of(threads)) {
        for (int n : new int[] {0, 1, 7, 100, 5_000}) {
          for (long cost : new long[] {1, 64, Parallel.SERIAL_WORK}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            p.forWork(n, cost, hits::incrementAndGet);
            AtomicIntegerArray rangeHits = new AtomicIntegerArray(n);
            p.forRange(n, 1, rangeHits::incrementAndGet);
            for (int i = 0; i < n; i++) {
              assertThat(hits.get(i)).as("forWork t=%d n=%d i=%d", threads, n, i).isEqualTo(1);
              assertThat(rangeHits.get(i)).as("forRange t=%d n=%d", threads, n).isEqualTo(1);
            }
          }
        }
      }
    }
  }

  @Test
  void failureInAnyChunkIsRethrownAfterTheCall() {
    try (Parallel p = Parallel.of(3)) {
      assertThatThrownBy(
              () ->
                  p.forWork(
                      1_000,
                      Parallel.SERIAL_WORK,
                      i -> {
                        if (i == 999) {
                          throw new IllegalArgumentException("row " + i);
                        }
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("row 999");
      AtomicIntegerArray hits = new AtomicIntegerArray(10);
      p.forWork(10, Parallel.SERIAL_WORK, hits::incrementAndGet); // pool still usable
      assertThat(hits.get(9)).isEqualTo(1);
    }
  }

  @Test
  void nestedCallsFromPoolThreadsComplete() {
    try (Parallel p = Parallel.of(2)) {
      AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
      p.forWork(
          64,
          Parallel.SERIAL_WORK,
          i -> p.forWork(64, Parallel.SERIAL_WORK, j -> hits.incrementAndGet(i * 64 + j)));
      for (int k = 0; k < hits.length(); k++) {
        assertThat(hits.get(k)).isEqualTo(1);
      }
    }
  }

  @Test
  void splitOpsMatchSerialBits() {
    Random r = new Random(42);
    for (int mode = 0; mode <= 2; mode++) {
      Tensor a = TestValues.tensor(r, 64, 784, mode);
      Tensor w = TestValues.tensor(r, 160, 784, mode);
      Tensor sparse = sparse(r, 64, 784);
      Tensor g = TestValues.tensor(r, 160, 784, mode);
      Tensor bias = TestValues.tensor(r, 784, 1, mode);
      Tensor logits = TestValues.tensor(r, 512, 40, mode);
      int[][] labels = new int[512][1];
      for (int[] l : labels) {
        l[0] = r.nextInt(42) - 1;
      }
      List<List<Object>> cases =
          List.of(
              List.of(new MatMul(), List.of(a, w)),
              List.of(new MatMul(), List.of(sparse, w)),
              List.of(new MatMul(), List.of(w, sparse)),
              List.of(new Transpose(), List.of(w)),
              List.of(new AddBias(), List.of(a, bias)),
              List.of(new Relu(), List.of(w)),
              List.of(new ReluBackward(), List.of(g, w)),
              List.of(new RowSum(), List.of(w)),
              List.of(new SgdUpdate(1 << 20), List.of(w, g)),
              List.of(new SoftmaxXentGrad(), List.of(logits, Tensor.of(labels))));
      for (List<Object> c : cases) {
        Op op = (Op) c.get(0);
        @SuppressWarnings("unchecked")
        List<Tensor> in = (List<Tensor>) c.get(1);
        Tensor serial = op.compute(in, Parallel.serial());
        for (int threads : new int[] {2, 3}) {
          try (Parallel p = Parallel.of(threads)) {
            assertThat(op.compute(in, p))
                .as("%s mode %d threads %d", op.name(), mode, threads)
                .isEqualTo(serial);
          }
        }
      }
    }
  }

  private static Tensor sparse(Random r, int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(8) == 0 ? r.nextInt(1 << 17) : 0;
      }
    }
    return Tensor.of(t);
  }
}
