package io.tribunal.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.model.ModelState;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private final ModelState state =
      new ModelState(
          42,
          List.of(
              Tensor.of(new int[][] {{1, -2, Integer.MIN_VALUE}, {Integer.MAX_VALUE, 0, 7}}),
              Tensor.of(new int[][] {{3}, {4}})));

  @Test
  void savedCheckpointLoadsBackIdenticalAndIsNamedByItsContentHash() throws IOException {
    CheckpointStore store = CheckpointStore.open(dir, true);
    String name = store.save(state);
    assertThat(name).matches("[0-9a-f]{64}\\.ckpt");
    ModelState loaded = store.load(name);
    assertThat(loaded.step()).isEqualTo(42);
    assertThat(loaded.parameters()).isEqualTo(state.parameters());
    assertThat(store.save(state)).isEqualTo(name);
    try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(name);
    }
  }

  @Test
  void flippedByteIsReportedWithTheFileName() throws IOException {
    CheckpointStore store = CheckpointStore.open(dir, false);
    String name = store.save(state);
    Path file = store.fileOf(name);
    byte[] bytes = Files.readAllBytes(file);
    bytes[30] ^= 0x10;
    Files.write(file, bytes);
    assertThatThrownBy(() -> store.load(name))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void truncatedFileIsReportedWithTheFileName() throws IOException {
    CheckpointStore store = CheckpointStore.open(dir, false);
    String name = store.save(state);
    Path file = store.fileOf(name);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
    assertThatThrownBy(() -> store.load(name))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not match");
  }

  @Test
  void manifestRoundTripsThroughJson() {
    CheckpointStore store = CheckpointStore.open(dir, false);
    Manifest m =
        new Manifest(
            1,
            new Manifest.Config(
                "mlp:2-2", "x.csv", "0x" + "00".repeat(32), 1, 2, "0.1", 5, 2, "0x1"),
            List.of(new Manifest.CheckpointEntry(0, "0xab", "f.ckpt")),
            null);
    store.writeManifest(m);
    assertThat(store.readManifest()).contains(m);
  }
}
