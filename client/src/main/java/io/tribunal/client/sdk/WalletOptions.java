package io.tribunal.client.sdk;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.config.KeySource;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/** Options every paying command shares: chain, deployment, the payer's keystore, state dir. */
public final class WalletOptions {
  @Option(names = "--rpc-url", required = true, description = "JSON-RPC URL of the chain")
  public String rpcUrl;

  @Option(names = "--deployment", required = true, description = "deployment.json")
  public Path deployment;

  @Option(names = "--keystore", required = true, description = "payer keystore V3 file")
  public Path keystore;

  @Option(
      names = "--password-file",
      description = "keystore password file (else $TRIBUNAL_PASSWORD, else a prompt)")
  public Path passwordFile;

  @Option(
      names = "--channels-dir",
      defaultValue = ".tribunal/channels",
      description = "where channel records live (default: ${DEFAULT-VALUE})")
  public Path channelsDir;

  public Credentials credentials() {
    return new KeySource(keystore, Optional.ofNullable(passwordFile)).load();
  }

  public Deployment readDeployment() {
    return Deployment.read(deployment);
  }

  public TribunalChain connect() {
    return TribunalChain.connect(rpcUrl);
  }

  public ChannelBook book() {
    return new ChannelBook(channelsDir);
  }
}
