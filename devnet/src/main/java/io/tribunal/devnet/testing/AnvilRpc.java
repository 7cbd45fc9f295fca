package io.tribunal.devnet.testing;

import io.tribunal.bindings.TribunalChain;
import java.math.BigInteger;
import java.util.List;

/**
 * Moved to {@link io.tribunal.devnet.kit.AnvilRpc} (the demo and {@code tribunal devnet} use it, so
 * it is production code). This forwarder stays only so modules built against an installed devnet
 * artifact keep compiling; nothing in this repository uses it. Remove it once none does.
 */
@Deprecated(forRemoval = true)
public final class AnvilRpc {
  private AnvilRpc() {}

  public static BigInteger now(TribunalChain chain) {
    return io.tribunal.devnet.kit.AnvilRpc.now(chain);
  }

  public static void advanceTime(TribunalChain chain, long seconds) {
    io.tribunal.devnet.kit.AnvilRpc.advanceTime(chain, seconds);
  }

  public static void mine(TribunalChain chain) {
    io.tribunal.devnet.kit.AnvilRpc.mine(chain);
  }

  public static void call(TribunalChain chain, String method, List<?> params) {
    io.tribunal.devnet.kit.AnvilRpc.call(chain, method, params);
  }
}
