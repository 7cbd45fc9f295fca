package io.tribunal.devnet.kit;

import io.tribunal.bindings.TribunalChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * anvil's devnet-only RPCs: reads the latest block's timestamp, moves anvil's clock and mines
 * blocks. Production code for the devnet command and the demo (which drive a local anvil); role
 * daemons never use them, and tests use them through the same class.
 */
public final class AnvilRpc {
  private AnvilRpc() {}

  /** Timestamp of the latest block. Deadlines follow chain time, never the wall clock. */
  public static BigInteger now(TribunalChain chain) {
    return BigInteger.valueOf(chain.latestBlockTime());
  }

  /** anvil {@code evm_increaseTime} then {@code evm_mine}: the next block is {@code seconds} on. */
  public static void advanceTime(TribunalChain chain, long seconds) {
    call(chain, "evm_increaseTime", List.of(seconds));
    mine(chain);
  }

  /** anvil {@code evm_mine}: one empty block. */
  public static void mine(TribunalChain chain) {
    call(chain, "evm_mine", List.of());
  }

  /** Any anvil or standard JSON-RPC method whose result the caller does not need. */
  public static void call(TribunalChain chain, String method, List<?> params) {
    HttpService service = new HttpService(chain.rpcUrl());
    try {
      RawResponse r = new Request<>(method, params, service, RawResponse.class).send();
      if (r.hasError()) {
        throw new IllegalStateException(method + " failed: " + r.getError().getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(method + " failed at " + chain.rpcUrl(), e);
    } finally {
      try {
        service.close();
      } catch (IOException e) {
        // nothing held open beyond the shared OkHttp pool
      }
    }
  }

  /** Any JSON result. */
  public static final class RawResponse extends Response<Object> {}
}
