package io.tribunal.client.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Blocking JSON-over-HTTP/1.1 on kept-alive connections (OkHttp): each call runs on the calling
 * thread, so a request costs one socket write and one read, with no hand-off to selector or worker
 * threads. That matters for paid inference, where a client sends thousands of small requests and
 * shares the CPU with the server (measured in InferenceBenchIT, see docs/inference.md).
 *
 * <p>A POST is never retried by the transport: a request the server may already have paid for must
 * not be sent twice behind the caller's back. Failures surface as {@link UncheckedIOException}
 * naming the URI.
 */
public final class JsonHttp implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");

  /** A status code and the raw body. */
  public record Reply(int status, byte[] body) {}

  private final OkHttpClient http;

  /** One connection pool of up to {@code maxIdle} kept-alive connections. */
  public JsonHttp(Duration connectTimeout, Duration callTimeout, int maxIdle) {
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .callTimeout(callTimeout)
            .readTimeout(callTimeout)
            .writeTimeout(callTimeout)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .connectionPool(new ConnectionPool(maxIdle, 5, TimeUnit.MINUTES))
            .build();
  }

  /** POSTs {@code body} as {@code application/json}. */
  public Reply post(URI uri, byte[] body) {
    return call(
        uri,
        new Request.Builder().url(uri.toString()).post(RequestBody.create(body, JSON)).build());
  }

  public Reply get(URI uri) {
    return call(uri, new Request.Builder().url(uri.toString()).get().build());
  }

  private Reply call(URI uri, Request request) {
    try (Response r = http.newCall(request).execute()) {
      ResponseBody body = r.body();
      return new Reply(r.code(), body == null ? new byte[0] : body.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Closes the idle kept-alive connections; a later call simply opens a new one. */
  @Override
  public void close() {
    http.connectionPool().evictAll();
  }
}
