package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.chain.ChainConnector;
import io.tribunal.protocol.chain.Retry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --deployment} and {@code --rpc-url}, shared by the job commands. */
public final class ChainOptions {
  @Option(
      names = "--deployment",
      defaultValue = ".tribunal/devnet/deployment.json",
      description =
          "deployment.json with chain id and contract addresses (default: ${DEFAULT-VALUE}).")
  Path deployment;

  @Option(names = "--rpc-url", description = "JSON-RPC URL (overrides the deployment file's).")
  String rpcUrl;

  public Deployment deployment() {
    Deployment d = Deployment.read(deployment);
    return rpcUrl == null ? d : new Deployment(d.chainId(), rpcUrl, d.contracts());
  }

  public TribunalChain connect(Deployment d) {
    return ChainConnector.connect(d, Retry.command());
  }
}
