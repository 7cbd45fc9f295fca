package io.tribunal.core.store;

import java.nio.file.Path;

/** A checkpoint or manifest failed its hash or format check; names the file so it can be fixed. */
public class CorruptCheckpointException extends RuntimeException {
  private final Path file;

  public CorruptCheckpointException(Path file, String reason) {
    super("corrupt checkpoint file " + file + ": " + reason);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
