package io.tribunal.solver.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesTest {
  private static final String JOB_A = "0x" + "a".repeat(64);
  private static final String JOB_B = "0x" + "b".repeat(64);
  private static final String UNSERVED = "0x" + "c".repeat(64);

  @TempDir Path root;
  private JobFiles files;
  private String fileA;
  private String fileB;

  @BeforeEach
  void twoJobsWithOneCheckpointEach() throws Exception {
    Path jobs = root.resolve("jobs");
    files = new JobFiles(jobs, id -> id.equals(JOB_A) || id.equals(JOB_B));
    fileA = store(jobs.resolve(JOB_A), 1);
    fileB = store(jobs.resolve(JOB_B), 2);
    store(jobs.resolve(UNSERVED), 3);
    Files.writeString(root.resolve("secret.txt"), "secret");
  }

  @Test
  void servesAListedCheckpointOfAServedJob() {
    assertThat(files.checkpoint(JOB_A, fileA)).isPresent();
    assertThat(files.manifest(JOB_A)).isPresent();
  }

  @Test
  void refusesAnotherJobsCheckpointRequestedUnderThisJob() {
    assertThat(files.checkpoint(JOB_A, fileB)).isEmpty();
  }

  @Test
  void refusesJobsItDoesNotServe() {
    assertThat(files.manifest(UNSERVED)).isEmpty();
  }

  @Test
  void refusesPathEscapes() {
    assertThat(files.checkpoint(JOB_A, "../../secret.txt")).isEmpty();
    assertThat(files.checkpoint(JOB_A, "..%2F..%2Fsecret.txt")).isEmpty();
    assertThat(files.checkpoint(JOB_A, "/etc/passwd")).isEmpty();
    assertThat(files.manifest("../" + JOB_A)).isEmpty();
    assertThat(files.manifest(JOB_A + "/..")).isEmpty();
  }

  @Test
  void refusesASymlinkThatPointsOutsideTheJobsDirectory() throws Exception {
    Path ckpt = root.resolve("jobs").resolve(JOB_A).resolve("checkpoints").resolve(fileA);
    Files.delete(ckpt);
    Files.createSymbolicLink(ckpt, root.resolve("secret.txt"));
    assertThat(files.checkpoint(JOB_A, fileA)).isEmpty();
  }

  private static String store(Path dir, int value) {
    CheckpointStore s = CheckpointStore.open(dir, false);
    ModelState state = new ModelState(0, List.of(Tensor.of(new int[][] {{value}})));
    String file = s.save(state);
    TrainingConfig c =
        new TrainingConfig(MlpSpec.parse("mlp:1-2"), "x", Hash32.ZERO, 1, 1, "0.1", 1, 1);
    s.writeManifest(Manifest.start(c).with(new Manifest.CheckpointEntry(0, "0x00", file)));
    return file;
  }
}
