package io.tribunal.solver.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The best voucher of every channel, crash-safe: an append-only log of JSON lines, each forced to
 * disk ({@code fsync}) before {@link #persist} returns, so an answer is never sent for a voucher
 * that a crash could lose. Appends from concurrent requests share one fsync (group commit: a writer
 * thread drains everything queued, writes it, forces once, then releases all waiters).
 *
 * <p>The file is preallocated with zero bytes (written and forced once per {@link #CHUNK}) and
 * lines are written in place, so the per-batch {@code fdatasync} only flushes data blocks and never
 * has to journal a file-size change. JSON lines never contain a NUL byte, so the log ends at the
 * first NUL.
 *
 * <p>On open the log is replayed keeping the highest amount per channel; a torn last line (crash
 * mid-write, never acknowledged) and anything after the log's end are cut off.
 */
public final class VoucherStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Preallocation step: zeros written (and forced) ahead of the log's end. */
  static final int CHUNK = 1 << 20;

  private record Pending(byte[] line, CompletableFuture<Void> done) {}

  private final Path file;
  private final FileChannel channel;
  private final Map<Bytes32, AcceptedVoucher> best = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  // writer thread only: where the next line goes, and how far the file is allocated
  private long end;
  private long allocated;
  // statistics, written by the writer thread only
  private volatile long syncs;
  private volatile long appended;
  private volatile long syncNanos;

  private VoucherStore(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.end = replay();
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.allocated = channel.size();
    ensureAllocated(end + 1);
    this.writer = Thread.ofPlatform().daemon().name("voucher-store-writer").start(this::writeLoop);
  }

  public static VoucherStore open(Path file) {
    try {
      return new VoucherStore(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open voucher store " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  public Optional<AcceptedVoucher> best(Bytes32 channelId) {
    return Optional.ofNullable(best.get(channelId));
  }

  public Collection<AcceptedVoucher> all() {
    return best.values();
  }

  /** Counters since open: {@code [fsyncs of the log, vouchers appended, ns spent in fsync]}. */
  public long[] stats() {
    return new long[] {syncs, appended, syncNanos};
  }

  /**
   * Appends the voucher and returns once it is on disk; only then does it become the channel's best
   * (if higher). Callers serialise per channel.
   */
  public void persist(AcceptedVoucher v) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(v.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      throw new IllegalStateException("voucher store is closed");
    }
    queue.add(new Pending(line, done));
    done.join();
    best.merge(
        v.channelId(),
        v,
        (old, neu) -> neu.cumulativeAmount().compareTo(old.cumulativeAmount()) > 0 ? neu : old);
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch);
        int size = 0;
        for (Pending p : batch) {
          size += p.line().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (Pending p : batch) {
          buf.put(p.line());
        }
        buf.flip();
        ensureAllocated(end + size + 1); // keep a NUL after the last line
        long at = end;
        while (buf.hasRemaining()) {
          at += channel.write(buf, at);
        }
        long t0 = System.nanoTime();
        channel.force(false); // data only: the size did not change
        syncNanos += System.nanoTime() - t0;
        syncs++;
        appended += batch.size();
        end = at;
        batch.forEach(p -> p.done().complete(null));
      } catch (IOException e) {
        batch.forEach(p -> p.done().completeExceptionally(new UncheckedIOException(e)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(p -> p.done().completeExceptionally(e));
        return;
      }
      batch.clear();
    }
  }

  /**
   * Extends the file with zeros to at least {@code size} bytes (rounded up to {@link #CHUNK}) and
   * forces data and metadata once, so later appends within it are in-place writes.
   */
  private void ensureAllocated(long size) throws IOException {
    if (size <= allocated) {
      return;
    }
    long target = (size + CHUNK - 1) / CHUNK * CHUNK;
    ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
    long at = allocated;
    while (at < target) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
      at += channel.write(zeros, at);
    }
    channel.force(true);
    allocated = target;
  }

  /** Replays the log and returns its end (after the last complete line). */
  private long replay() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    int limit = 0;
    while (limit < bytes.length && bytes[limit] != 0) {
      limit++;
    }
    int start = 0;
    int lineNo = 0;
    for (int i = 0; i < limit; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      lineNo++;
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      try {
        AcceptedVoucher v = AcceptedVoucher.fromJson(JSON.readValue(line, Map.class));
        best.merge(
            v.channelId(),
            v,
            (old, neu) -> neu.cumulativeAmount().compareTo(old.cumulativeAmount()) > 0 ? neu : old);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "voucher store " + file + " line " + lineNo + " is corrupt: " + e.getMessage(), e);
      }
      start = i + 1;
    }
    boolean clean = true;
    for (int i = start; i < bytes.length && clean; i++) {
      clean = bytes[i] == 0;
    }
    if (!clean) { // torn tail (never acknowledged) or stray bytes past the end: drop them
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(start);
        ch.force(true);
      }
    }
    return start;
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2_000);
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
