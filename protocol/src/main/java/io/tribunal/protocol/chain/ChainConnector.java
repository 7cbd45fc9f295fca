package io.tribunal.protocol.chain;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import java.time.Duration;

/**
 * Connects to a node, waiting for it when it is down (daemons start before or after their node),
 * and refuses a node whose chain id differs from the deployment's: a daemon must never sign for the
 * wrong chain.
 */
public final class ChainConnector {
  private ChainConnector() {}

  public static TribunalChain connect(Deployment deployment, Retry retry) {
    TribunalChain.Options options =
        new TribunalChain.Options(Duration.ofMillis(100), Duration.ofMinutes(5), 1);
    TribunalChain chain =
        retry.call(
            "connect to " + deployment.rpcUrl(),
            () -> TribunalChain.connect(deployment.rpcUrl(), options));
    if (chain.chainId() != deployment.chainId()) {
      long actual = chain.chainId();
      chain.close();
      throw new IllegalArgumentException(
          "node at "
              + deployment.rpcUrl()
              + " is chain "
              + actual
              + " but the deployment is for chain "
              + deployment.chainId());
    }
    return chain;
  }
}
