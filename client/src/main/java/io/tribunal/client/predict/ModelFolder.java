package io.tribunal.client.predict;

import io.tribunal.client.job.ModelCard;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model on disk: a {@code job result --out} folder (its model card names the spec and the
 * checkpoint) or a {@code train --out} folder (its manifest names the spec; the last checkpoint is
 * taken).
 */
public record ModelFolder(MlpSpec spec, ModelState state, String description) {

  public static ModelFolder open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--model " + dir + ": no such folder");
    }
    CheckpointStore store = CheckpointStore.open(dir, false);
    Path card = dir.resolve(ModelCard.JSON_FILE);
    if (Files.isRegularFile(card)) {
      ModelCard c = ModelCard.read(card);
      MlpSpec spec = MlpSpec.parse(c.spec());
      ModelState state = store.load(c.checkpoint());
      checkShapes(spec, state, dir);
      return new ModelFolder(spec, state, "job " + c.job() + " (" + c.spec() + ")");
    }
    Manifest m =
        store
            .readManifest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--model "
                            + dir
                            + " holds neither a model card (from 'tribunal job result --out')"
                            + " nor a training manifest (from 'tribunal train --out')"));
    if (m.checkpoints().isEmpty()) {
      throw new IllegalArgumentException("--model " + dir + ": the training wrote no checkpoint");
    }
    Manifest.CheckpointEntry last = m.checkpoints().get(m.checkpoints().size() - 1);
    MlpSpec spec = MlpSpec.parse(m.config().model());
    ModelState state = store.load(last.file());
    checkShapes(spec, state, dir);
    return new ModelFolder(
        spec,
        state,
        "training run " + dir + " at step " + last.step() + " (" + spec.canonical() + ")");
  }

  private static void checkShapes(MlpSpec spec, ModelState state, Path dir) {
    if (!ModelCard.specOf(state.parameters()).equals(spec)) {
      throw new IllegalArgumentException(
          "--model "
              + dir
              + ": the checkpoint's shapes are "
              + ModelCard.specOf(state.parameters()).canonical()
              + ", not "
              + spec.canonical());
    }
  }
}
