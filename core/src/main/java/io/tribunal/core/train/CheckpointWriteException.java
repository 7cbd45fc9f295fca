package io.tribunal.core.train;

/**
 * A checkpoint could not be stored (disk full, I/O error, ...). The manifest on disk still lists
 * only checkpoints that were completely written, so rerunning the same job resumes from the latest
 * of them.
 */
public class CheckpointWriteException extends IllegalStateException {
  private final long step;

  public CheckpointWriteException(long step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  /** The step of the checkpoint that failed. */
  public long step() {
    return step;
  }
}
