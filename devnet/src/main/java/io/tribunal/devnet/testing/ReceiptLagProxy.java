package io.tribunal.devnet.testing;

import java.time.Duration;

/**
 * Moved to {@link io.tribunal.devnet.kit.ReceiptLagProxy} (the demo's {@code --receipt-lag-ms} uses
 * it, so it is production code). This forwarder stays only so modules built against an installed
 * devnet artifact keep compiling; nothing in this repository uses it. Remove it once none does.
 */
@Deprecated(forRemoval = true)
public final class ReceiptLagProxy implements AutoCloseable {
  private final io.tribunal.devnet.kit.ReceiptLagProxy proxy;

  private ReceiptLagProxy(io.tribunal.devnet.kit.ReceiptLagProxy proxy) {
    this.proxy = proxy;
  }

  public static ReceiptLagProxy start(String upstreamRpcUrl, Duration maxLag, long seed) {
    return new ReceiptLagProxy(
        io.tribunal.devnet.kit.ReceiptLagProxy.start(upstreamRpcUrl, maxLag, seed));
  }

  public String rpcUrl() {
    return proxy.rpcUrl();
  }

  public long withheld() {
    return proxy.withheld();
  }

  @Override
  public void close() {
    proxy.close();
  }
}
