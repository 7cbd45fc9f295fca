package io.tribunal.node.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Bounded request-body reads. A body over the limit is refused, but first up to {@link
 * #DRAIN_LIMIT} more of it is read and dropped: a client still sending then reads our 413 instead
 * of a connection reset (an empty reply, to it); past that we hang up. The server's request timer
 * bounds how long all this may take.
 */
public final class RequestBodies {
  /** How much of a refused body is read and dropped before hanging up. */
  public static final long DRAIN_LIMIT = 1024 * 1024;

  private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,10}");

  private RequestBodies() {}

  /** A body that cannot be used: its HTTP status (413 or 400), a stable code and a message. */
  public static final class Refused extends Exception {
    private final int status;
    private final String code;

    Refused(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The whole body if it is at most {@code max} bytes. Refused with 413 when it is larger (or its
   * Content-Length is not a plain number), with 400 when it ends before its Content-Length or its
   * chunked framing is broken: the client's mistake, not ours, so never a 500.
   */
  public static byte[] read(HttpExchange ex, int max) throws Refused {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    try {
      InputStream in = ex.getRequestBody();
      if (length != null
          && (!CONTENT_LENGTH.matcher(length).matches() || Long.parseLong(length) > max)) {
        drain(in);
        throw tooLarge(max);
      }
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        drain(in);
        throw tooLarge(max);
      }
      return body;
    } catch (IOException e) {
      throw new Refused(
          400, "body_truncated", "request body ended early or is badly framed: " + e.getMessage());
    }
  }

  private static Refused tooLarge(int max) {
    return new Refused(
        413, "body_too_large", "request body over " + max + " bytes (or bad Content-Length)");
  }

  private static void drain(InputStream in) {
    long left = DRAIN_LIMIT;
    byte[] buf = new byte[8192];
    try {
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the body ended early (a lying Content-Length): still answer the 413
    }
  }
}
