package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import java.io.PrintStream;

/**
 * A devnet chain that {@code down} saved in its directory, brought back by {@code up}: the same
 * chain id, contracts, keys and balances, on the port its deployment names when that is free.
 */
final class SavedChain {
  private final DevnetDirectory dir;
  private final PrintStream progress;

  SavedChain(DevnetDirectory dir, PrintStream progress) {
    this.dir = dir;
    this.progress = progress;
  }

  /**
   * Brings back the chain a {@code down} saved, on the port its deployment names (so role configs
   * keep working) or, when that port is taken and none was asked for, a free one. Refuses a saved
   * chain that does not hold the deployment's contracts.
   */
  DevnetManager.UpResult restore(int port, int blockTimeSeconds) {
    Deployment saved = Deployment.read(dir.deploymentFile());
    int savedPort = java.net.URI.create(saved.rpcUrl()).getPort();
    AnvilProcess anvil;
    try {
      anvil =
          AnvilProcess.startDetached(
              port != 0 ? port : savedPort, dir.log(), blockTimeSeconds, dir.chainStateFile());
    } catch (AnvilProcess.PortBusyException e) {
      if (port != 0) {
        throw e;
      }
      anvil = AnvilProcess.startDetached(0, dir.log(), blockTimeSeconds, dir.chainStateFile());
      progress.printf(
          "port %d of the saved RPC URL is busy: restored on %s; update role configs%n",
          savedPort, anvil.rpcUrl());
    }
    try (TribunalChain chain = TribunalChain.connect(anvil.rpcUrl())) {
      if (chain.chainId() != saved.chainId()) {
        throw new IllegalStateException(
            dir.chainStateFile()
                + " holds chain "
                + chain.chainId()
                + ", not the deployment's "
                + saved.chainId()
                + "; run 'tribunal devnet up --reset' to start afresh");
      }
      requireContracts(chain, saved);
      Deployment deployment =
          anvil.rpcUrl().equals(saved.rpcUrl())
              ? saved
              : new Deployment(saved.chainId(), anvil.rpcUrl(), saved.contracts());
      deployment.write(dir.deploymentFile());
      var node =
          new DevnetDirectory.RunningNode(
              anvil.pid(), anvil.port(), anvil.rpcUrl(), chain.chainId());
      dir.writeNode(node);
      progress.printf(
          "anvil restored from %s at block %s: pid %d, %s%n",
          dir.chainStateFile(), chain.blockNumber(), anvil.pid(), anvil.rpcUrl());
      return new DevnetManager.UpResult(
          node,
          deployment,
          dir.readAccounts(),
          dir.keystoreDir().toString(),
          dir.passwordFile().toString(),
          true);
    } catch (java.io.IOException e) {
      anvil.close();
      dir.clearNode();
      throw new java.io.UncheckedIOException("restored anvil did not answer: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      anvil.close();
      dir.clearNode();
      throw e;
    }
  }

  /** Refuses a saved chain that lacks any contract of the deployment. */
  private void requireContracts(TribunalChain chain, Deployment saved) throws java.io.IOException {
    for (var c : saved.contracts().entrySet()) {
      String code =
          chain
              .web3j()
              .ethGetCode(
                  c.getValue().address(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
              .send()
              .getCode();
      if (code == null || code.length() <= 2) {
        throw new IllegalStateException(
            dir.chainStateFile()
                + " has no "
                + c.getKey()
                + " at "
                + c.getValue().address()
                + "; run 'tribunal devnet up --reset' to start afresh");
      }
    }
  }
}
