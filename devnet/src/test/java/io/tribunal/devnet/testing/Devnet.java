package io.tribunal.devnet.testing;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevAccounts;
import org.web3j.crypto.Credentials;

/**
 * A running test devnet: the anvil process, a connected chain facade and the deployment of every
 * contract. Accounts 1..9 of anvil's dev mnemonic hold ETH and 1,000,000 TestUSD each.
 */
public record Devnet(AnvilProcess anvil, TribunalChain chain, Deployment deployment) {
  /** anvil dev account {@code i} (0 = deployer and TestUSD owner). */
  public Credentials account(int i) {
    return DevAccounts.get(i);
  }
}
