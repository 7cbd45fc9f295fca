package io.tribunal.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Gas limits from {@code eth_estimateGas} plus headroom, gas price exactly as {@code eth_gasPrice}
 * suggests (no multiplier: nodes such as anvil derive the suggestion from recent tips, so paying a
 * premium on top compounds transaction after transaction). Standard JSON-RPC only, so it works on
 * anvil, Besu and L2s alike. A call that would revert fails here, before anything is signed or
 * sent, with the node's revert message.
 */
final class EstimatingGasProvider implements ContractGasProvider {
  private static final BigInteger FALLBACK_LIMIT = BigInteger.valueOf(8_000_000);
  private final Web3j web3j;

  EstimatingGasProvider(Web3j web3j) {
    this.web3j = web3j;
  }

  @Override
  public BigInteger getGasPrice() {
    try {
      return web3j.ethGasPrice().send().getGasPrice();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_gasPrice failed: " + e.getMessage(), e);
    }
  }

  @Override
  public BigInteger getGasLimit(Transaction transaction) {
    try {
      EthEstimateGas estimate = web3j.ethEstimateGas(transaction).send();
      if (estimate.hasError()) {
        throw new TransactionRevertedException(
            estimate.getError().getMessage(), estimate.getError().getData());
      }
      BigInteger gas = estimate.getAmountUsed();
      return gas.add(gas.divide(BigInteger.valueOf(5))).add(BigInteger.valueOf(10_000));
    } catch (IOException e) {
      throw new UncheckedIOException("eth_estimateGas failed: " + e.getMessage(), e);
    }
  }

  @Override
  public BigInteger getGasLimit() {
    return FALLBACK_LIMIT;
  }
}
