package io.tribunal.protocol.chain;

import io.tribunal.bindings.TribunalChain;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Read-only chain access with retries: block headers, chain time, logs, receipts, and any view call
 * of a generated wrapper via {@link #view}. Standard JSON-RPC only.
 */
public final class ChainReader {
  private final TribunalChain chain;
  private final Retry retry;

  public ChainReader(TribunalChain chain, Retry retry) {
    this.chain = chain;
    this.retry = retry;
  }

  public TribunalChain chain() {
    return chain;
  }

  public Retry retry() {
    return retry;
  }

  /** Any read, retried (e.g. {@code reader.view("getJob", () -> market.getJob(id).send())}). */
  public <T> T view(String what, Callable<T> call) {
    return retry.call(what, call);
  }

  public long head() {
    return retry
        .call("eth_blockNumber", () -> chain.web3j().ethBlockNumber().send().getBlockNumber())
        .longValueExact();
  }

  public BlockInfo latest() {
    return block(DefaultBlockParameterName.LATEST).orElseThrow();
  }

  public Optional<BlockInfo> block(long number) {
    return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
  }

  private Optional<BlockInfo> block(DefaultBlockParameter at) {
    EthBlock.Block b =
        retry.call(
            "eth_getBlockByNumber",
            () -> chain.web3j().ethGetBlockByNumber(at, false).send().getBlock());
    if (b == null) {
      return Optional.empty();
    }
    return Optional.of(
        new BlockInfo(
            b.getNumber().longValueExact(), b.getHash(), b.getTimestamp().longValueExact()));
  }

  /** Chain time: the latest block's timestamp. Deadlines follow it, never the wall clock. */
  public long now() {
    return latest().timestamp();
  }

  public List<Log> logs(EthFilter filter) {
    EthLog result =
        retry.call(
            "eth_getLogs",
            () -> {
              EthLog r = chain.web3j().ethGetLogs(filter).send();
              if (r.hasError()) {
                throw new java.io.IOException("eth_getLogs: " + r.getError().getMessage());
              }
              return r;
            });
    return result.getLogs().stream().map(l -> (Log) l.get()).toList();
  }

  public Optional<TransactionReceipt> receipt(String txHash) {
    return retry.call(
        "eth_getTransactionReceipt",
        () -> chain.web3j().ethGetTransactionReceipt(txHash).send().getTransactionReceipt());
  }

  public BigInteger nonce(String account, DefaultBlockParameterName at) {
    return retry.call(
        "eth_getTransactionCount",
        () -> chain.web3j().ethGetTransactionCount(account, at).send().getTransactionCount());
  }

  /**
   * The account's nonce as of block {@code number}; empty if the node cannot say (e.g. a pruned
   * node without that block's state).
   */
  public Optional<BigInteger> nonceAt(String account, long number) {
    return retry.call(
        "eth_getTransactionCount",
        () -> {
          var r =
              chain
                  .web3j()
                  .ethGetTransactionCount(
                      account, DefaultBlockParameter.valueOf(BigInteger.valueOf(number)))
                  .send();
          return r.hasError() || r.getResult() == null
              ? Optional.<BigInteger>empty()
              : Optional.of(r.getTransactionCount());
        });
  }

  /** The transactions of block {@code number} (empty if the node has no such block yet). */
  public List<org.web3j.protocol.core.methods.response.Transaction> transactions(long number) {
    EthBlock.Block b =
        retry.call(
            "eth_getBlockByNumber",
            () ->
                chain
                    .web3j()
                    .ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true)
                    .send()
                    .getBlock());
    if (b == null) {
      return List.of();
    }
    return b.getTransactions().stream()
        .map(t -> (org.web3j.protocol.core.methods.response.Transaction) t.get())
        .toList();
  }

  public BigInteger ethBalance(String account) {
    return retry.call("eth_getBalance", () -> chain.ethBalance(account));
  }
}
