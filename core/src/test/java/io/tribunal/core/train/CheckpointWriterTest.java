package io.tribunal.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.TestDatasets;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CheckpointWriterTest {
  @TempDir Path dir;

  private static final Manifest START =
      Manifest.start(
          new TrainingConfig(MlpSpec.parse("mlp:2-2"), "x.csv", Hash32.ZERO, 1, 2, "0.1", 100, 1));

  private static ModelState state(long step) {
    return new ModelState(
        step,
        List.of(
            Tensor.of(new int[][] {{(int) step, 2}, {3, 4}}), Tensor.of(new int[][] {{5}, {6}})));
  }

  /** Records every call; each manifest must only name files saved before it. */
  private static final class Recorder implements CheckpointWriter.Sink {
    final List<String> saved = Collections.synchronizedList(new ArrayList<>());
    final List<Manifest> manifests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String save(ModelState s) {
      String name = "f" + s.step();
      saved.add(name);
      return name;
    }

    @Override
    public void writeManifest(Manifest m) {
      for (Manifest.CheckpointEntry e : m.checkpoints()) {
        assertThat(saved).contains(e.file());
      }
      manifests.add(m);
    }
  }

  @Test
  void writesInSubmissionOrderAndEachManifestNamesOnlyFilesAlreadyWritten() {
    Recorder sink = new Recorder();
    Manifest last;
    try (CheckpointWriter w = new CheckpointWriter(sink, START, 2)) {
      for (long s = 0; s < 50; s++) {
        w.submit(state(s));
      }
      last = w.awaitIdle();
    }
    assertThat(sink.saved).containsExactlyElementsOf(names(50));
    assertThat(sink.manifests).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(sink.manifests.get(i).checkpoints()).hasSize(i + 1);
    }
    assertThat(last.checkpoints())
        .extracting(Manifest.CheckpointEntry::file)
        .containsExactlyElementsOf(names(50));
    assertThat(last.at(7).orElseThrow().stateHash())
        .isEqualTo(state(7).hash(Parallel.serial()).hex());
  }

  @Test
  void atMostMaxInFlightStatesAreQueuedSoTheTrainerBlocks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    CheckpointWriter.Sink blocked =
        new CheckpointWriter.Sink() {
          @Override
          public String save(ModelState s) {
            entered.incrementAndGet();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return "f" + s.step();
          }

          @Override
          public void writeManifest(Manifest m) {}
        };
    try (CheckpointWriter w = new CheckpointWriter(blocked, START, 2)) {
      w.submit(state(0));
      w.submit(state(1));
      Thread third = Thread.ofPlatform().start(() -> w.submit(state(2)));
      third.join(300);
      assertThat(third.isAlive()).as("third submit blocks while two are in flight").isTrue();
      assertThat(entered.get()).isEqualTo(1);
      release.countDown();
      third.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(third.isAlive()).isFalse();
      assertThat(w.awaitIdle().checkpoints()).hasSize(3);
    }
  }

  @Test
  void aFailedWriteSurfacesOnTheNextCallAndLaterCheckpointsAreNeverListed() {
    List<Manifest> written = Collections.synchronizedList(new ArrayList<>());
    CheckpointWriter.Sink failing =
        new CheckpointWriter.Sink() {
          @Override
          public String save(ModelState s) {
            if (s.step() == 2) {
              throw new IllegalStateException("cannot write f2: No space left on device");
            }
            return "f" + s.step();
          }

          @Override
          public void writeManifest(Manifest m) {
            written.add(m);
          }
        };
    try (CheckpointWriter w = new CheckpointWriter(failing, START, 1)) {
      assertThatThrownBy(
              () -> {
                for (long s = 0; s < 10; s++) {
                  w.submit(state(s));
                }
                w.awaitIdle();
              })
          .isInstanceOf(CheckpointWriteException.class)
          .hasMessageContaining("checkpoint of step 2 could not be stored")
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("up to step 1")
          .hasRootCauseMessage("cannot write f2: No space left on device");
      assertThatThrownBy(w::awaitIdle).isInstanceOf(CheckpointWriteException.class);
    }
    assertThat(written).hasSize(2);
    assertThat(written.get(1).checkpoints())
        .extracting(Manifest.CheckpointEntry::step)
        .containsExactly(0L, 1L);
  }

  @Test
  void trainerReportsAnUnwritableStoreAsACheckpointWriteError() throws Exception {
    Path out = dir.resolve("run");
    Files.createDirectories(out);
    Files.writeString(out.resolve("checkpoints"), "not a directory");
    Trainer trainer =
        new Trainer(
            new TrainingConfig(
                MlpSpec.parse("mlp:784-16-10"), "mnist", Hash32.ZERO, 7, 16, "0.1", 20, 8),
            TestDatasets.mnist(),
            CheckpointStore.open(out, false),
            Parallel.serial(),
            TrainListener.NONE);
    assertThatThrownBy(() -> trainer.run(Long.MAX_VALUE))
        .isInstanceOf(CheckpointWriteException.class)
        .hasMessageContaining("checkpoint of step 0 could not be stored")
        .hasMessageContaining(out.resolve("checkpoints").toString());
  }

  private static List<String> names(int n) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add("f" + i);
    }
    return l;
  }
}
