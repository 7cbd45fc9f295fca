package io.tribunal.core.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One background thread that commits checkpoints in submission order, off the training thread:
 * state hash, encode, content-hash naming and atomic file write ({@link CheckpointStore#save}), and
 * only then the manifest naming that file ({@link CheckpointStore#writeManifest}).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>At most {@code maxInFlight} states are queued or being written; {@link #submit} blocks
 *       beyond that (back-pressure, bounded memory).
 *   <li>Checkpoints are written strictly in submission order, each file before the manifest that
 *       names it, so the manifest on disk only ever lists complete files (fsync'd first when the
 *       store was opened with fsync) and a crash leaves the previous or the new manifest.
 *   <li>Submitted states are shared, not copied: {@link ModelState} parameters are never mutated
 *       after a step (every op allocates fresh outputs), and the hand-over through the lock gives
 *       the writer a happens-before view of them.
 *   <li>The first failure stops the writer (later checkpoints are dropped, so the manifest never
 *       skips one) and is rethrown to the caller by the next {@link #submit} or {@link #awaitIdle}.
 * </ul>
 */
final class CheckpointWriter implements AutoCloseable {
  /** Where states go; the store in production, fakes in tests. */
  interface Sink {
    /** Writes the state completely (atomic rename); returns its file name. */
    String save(ModelState state);

    /** Replaces the manifest atomically. */
    void writeManifest(Manifest manifest);
  }

  /** One being written plus one waiting: the trainer never runs more than a checkpoint ahead. */
  static final int DEFAULT_MAX_IN_FLIGHT = 2;

  private final Sink sink;
  private final int maxInFlight;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ModelState> pending = new ArrayDeque<>();
  private final Thread thread;
  private Manifest manifest;
  private CheckpointWriteException failure;
  private boolean closing;

  CheckpointWriter(Sink sink, Manifest manifest, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    this.sink = sink;
    this.manifest = manifest;
    this.maxInFlight = maxInFlight;
    this.thread =
        Thread.ofPlatform().name("tribunal-checkpoint-writer").daemon(true).start(this::loop);
  }

  /** A writer into a store, starting from the manifest already on disk. */
  static CheckpointWriter to(CheckpointStore store, Manifest manifest) {
    return new CheckpointWriter(
        new Sink() {
          @Override
          public String save(ModelState state) {
            return store.save(state);
          }

          @Override
          public void writeManifest(Manifest m) {
            store.writeManifest(m);
          }
        },
        manifest,
        DEFAULT_MAX_IN_FLIGHT);
  }

  /**
   * Queues a state for checkpointing; blocks while {@code maxInFlight} are in flight.
   *
   * @throws CheckpointWriteException if an earlier checkpoint failed to be stored
   */
  void submit(ModelState state) {
    lock.lock();
    try {
      while (failure == null && pending.size() >= maxInFlight) {
        await();
      }
      rethrowFailure();
      if (closing) {
        throw new IllegalStateException("checkpoint writer is closed");
      }
      pending.addLast(state);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every submitted checkpoint is on disk and listed; returns that manifest.
   *
   * @throws CheckpointWriteException if a checkpoint failed to be stored
   */
  Manifest awaitIdle() {
    lock.lock();
    try {
      while (failure == null && !pending.isEmpty()) {
        await();
      }
      rethrowFailure();
      return manifest;
    } finally {
      lock.unlock();
    }
  }

  /** Lets queued checkpoints finish (unless the writer failed), then stops the thread. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (true) {
      ModelState state;
      Manifest base;
      lock.lock();
      try {
        while (pending.isEmpty() && !closing) {
          changed.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return;
        }
        state = pending.peekFirst();
        base = manifest;
      } finally {
        lock.unlock();
      }
      Manifest next;
      try {
        Hash32 h = state.hash(Parallel.serial());
        String file = sink.save(state);
        next = base.with(new Manifest.CheckpointEntry(state.step(), h.hex(), file));
        sink.writeManifest(next);
      } catch (RuntimeException | Error e) {
        fail(state, base, e);
        return;
      }
      lock.lock();
      try {
        manifest = next;
        pending.removeFirst();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void fail(ModelState state, Manifest base, Throwable cause) {
    List<Manifest.CheckpointEntry> listed = base.checkpoints();
    String kept =
        listed.isEmpty()
            ? "manifest.json lists no checkpoint yet"
            : "manifest.json still lists checkpoints up to step "
                + listed.get(listed.size() - 1).step()
                + ", so rerunning the same job resumes from there";
    CheckpointWriteException e =
        new CheckpointWriteException(
            state.step(),
            "checkpoint of step "
                + state.step()
                + " could not be stored: "
                + cause.getMessage()
                + "; "
                + kept,
            cause);
    lock.lock();
    try {
      failure = e;
      pending.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Rethrows the writer's failure with the caller's stack (the writer's is the cause's). */
  private void rethrowFailure() {
    if (failure != null) {
      throw new CheckpointWriteException(failure.step(), failure.getMessage(), failure.getCause());
    }
  }

  private void await() {
    try {
      changed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the checkpoint writer", e);
    }
  }
}
