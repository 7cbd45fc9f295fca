package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.TestUSD;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

/**
 * Deploys every contract the project has onto a chain and funds accounts. Uses only standard
 * JSON-RPC (no anvil cheats), so the same code deploys to Besu.
 */
public final class DevnetDeployer {
  /** TestUSD has 6 decimals. */
  public static final BigInteger USD = BigInteger.TEN.pow(6);

  private final TribunalChain chain;
  private final Credentials deployer;

  public DevnetDeployer(TribunalChain chain, Credentials deployer) {
    this.chain = chain;
    this.deployer = deployer;
  }

  public Deployment deployAll() {
    try {
      TestUSD token =
          TestUSD.deploy(
                  chain.web3j(),
                  chain.transactionManager(deployer),
                  chain.gasProvider(),
                  deployer.getAddress())
              .send();
      long block = blockOf(token.getTransactionReceipt().orElseThrow());
      return new Deployment(chain.chainId(), chain.rpcUrl(), java.util.Map.of())
          .with("TestUSD", token.getContractAddress(), block);
    } catch (Exception e) {
      throw new IllegalStateException("deployment failed: " + e.getMessage(), e);
    }
  }

  public TestUSD token(Deployment deployment, Credentials as) {
    return TestUSD.load(
        deployment.address("TestUSD"),
        chain.web3j(),
        chain.transactionManager(as),
        chain.gasProvider());
  }

  /** Sends {@code eth} ETH and mints {@code usd} whole TestUSD to {@code address}. */
  public void fund(Deployment deployment, String address, long eth, long usd) {
    try {
      if (eth > 0) {
        new Transfer(chain.web3j(), chain.transactionManager(deployer))
            .sendFunds(
                address,
                java.math.BigDecimal.valueOf(eth),
                Convert.Unit.ETHER,
                chain.gasProvider().getGasPrice(),
                BigInteger.valueOf(21_000))
            .send();
      }
      if (usd > 0) {
        token(deployment, deployer).mint(address, BigInteger.valueOf(usd).multiply(USD)).send();
      }
    } catch (Exception e) {
      throw new IllegalStateException("funding " + address + " failed: " + e.getMessage(), e);
    }
  }

  private static long blockOf(TransactionReceipt r) {
    return r.getBlockNumber().longValueExact();
  }
}
