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
 * <p>On open the log is replayed keeping the highest amount per channel; a torn last line (crash
 * mid-write, never acknowledged) is cut off.
 */
public final class VoucherStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Pending(byte[] line, CompletableFuture<Void> done) {}

  private final Path file;
  private final FileChannel channel;
  private final Map<Bytes32, AcceptedVoucher> best = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  private VoucherStore(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.toAbsolutePath().getParent());
    replay();
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
        for (Pending p : batch) {
          ByteBuffer buf = ByteBuffer.wrap(p.line());
          while (buf.hasRemaining()) {
            channel.write(buf);
          }
        }
        channel.force(false);
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

  private void replay() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    int lineNo = 0;
    for (int i = 0; i < bytes.length; i++) {
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
    if (start < bytes.length) { // torn tail: never acknowledged, drop it
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(start);
        ch.force(true);
      }
    }
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
