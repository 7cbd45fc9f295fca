package io.tribunal.node.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange a {@link SafeHandler} hands its handler: everything is the real exchange's, except
 * that {@link #close} before an answer is ignored. Closing an unanswered JDK exchange drops the
 * connection, so a handler's {@code try (exchange)} would leave {@link SafeHandler} nobody to send
 * its 500 to (the relay's "BigInteger not invertible" empty reply). The guard closes the real one.
 */
final class GuardedExchange extends HttpExchange {
  private final HttpExchange real;

  GuardedExchange(HttpExchange real) {
    this.real = real;
  }

  @Override
  public void close() {
    if (real.getResponseCode() != -1) {
      real.close();
    }
  }

  @Override
  public Headers getRequestHeaders() {
    return real.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return real.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return real.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return real.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return real.getHttpContext();
  }

  @Override
  public InputStream getRequestBody() {
    return real.getRequestBody();
  }

  @Override
  public OutputStream getResponseBody() {
    return real.getResponseBody();
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    real.sendResponseHeaders(rCode, responseLength);
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return real.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return real.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return real.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return real.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return real.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    real.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    real.setStreams(i, o);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return real.getPrincipal();
  }
}
