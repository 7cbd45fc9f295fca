package io.tribunal.client.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The payer's channel records, one JSON file per channel ({@code <channelId>.json}) under a state
 * directory. Every save is durable before it returns: temp file, fsync, atomic rename, fsync of the
 * directory. So a voucher is never sent for an amount a crash could make the payer forget.
 */
public final class ChannelBook {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  public ChannelBook(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Optional<ChannelRecord> find(String channelId) {
    Path f = dir.resolve(channelId.toLowerCase() + ".json");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), ChannelRecord.class));
    } catch (IOException e) {
      throw new IllegalStateException("unreadable channel record " + f + ": " + e.getMessage(), e);
    }
  }

  public ChannelRecord require(String channelId) {
    return find(channelId)
        .orElseThrow(() -> new IllegalArgumentException("no channel " + channelId + " in " + dir));
  }

  public List<ChannelRecord> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ChannelRecord> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(JSON.readValue(f.toFile(), ChannelRecord.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list channel records in " + dir, e);
    }
    return out;
  }

  /** Channels of {@code payer} to {@code payee} on one chain and contract. */
  public List<ChannelRecord> to(String payer, String payee, long chainId, String contract) {
    return all().stream()
        .filter(r -> r.payer().equalsIgnoreCase(payer) && r.payee().equalsIgnoreCase(payee))
        .filter(r -> r.chainId() == chainId && r.contract().equalsIgnoreCase(contract))
        .toList();
  }

  public void save(ChannelRecord r) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".channel-", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(JSON.writeValueAsBytes(r));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(
          tmp,
          dir.resolve(r.channelId().toLowerCase() + ".json"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      syncDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save channel record in " + dir, e);
    }
  }

  /** Removes a record (a channel whose open the chain refused); no-op when there is none. */
  public void delete(String channelId) {
    try {
      Files.deleteIfExists(dir.resolve(channelId.toLowerCase() + ".json"));
      syncDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete channel record in " + dir, e);
    }
  }

  /** Makes a rename or delete in the directory durable. */
  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; renames and deletes are still atomic
    }
  }
}
