package io.tribunal.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * The one way role code talks to a chain: a web3j client over standard JSON-RPC with fast receipt
 * polling, gas estimation, a nonce-tracking transaction manager per account, and confirmation
 * waiting. Works against anvil, Besu or any EVM chain given its RPC URL.
 */
public final class TribunalChain implements AutoCloseable {

  /**
   * Tunables.
   *
   * @param pollInterval how often to poll for a receipt (anvil mines instantly: keep it short)
   * @param receiptTimeout how long to wait for a receipt before giving up
   * @param confirmations blocks a receipt must be buried under before it counts (1 = included)
   */
  public record Options(Duration pollInterval, Duration receiptTimeout, int confirmations) {
    public Options {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive");
      }
      if (confirmations < 1) {
        throw new IllegalArgumentException("confirmations must be >= 1, got " + confirmations);
      }
    }

    /** For a local devnet: 20 ms polls, 1 confirmation. */
    public static Options devnet() {
      return new Options(Duration.ofMillis(20), Duration.ofSeconds(60), 1);
    }

    /** For a public chain: 1 s polls, 3 confirmations. */
    public static Options publicChain() {
      return new Options(Duration.ofSeconds(1), Duration.ofMinutes(10), 3);
    }
  }

  private final String rpcUrl;
  private final Web3j web3j;
  private final long chainId;
  private final Options options;
  private final TransactionReceiptProcessor receipts;
  private final ContractGasProvider gas;
  private final Map<String, TransactionManager> managers = new ConcurrentHashMap<>();

  private TribunalChain(String rpcUrl, Web3j web3j, long chainId, Options options) {
    this.rpcUrl = rpcUrl;
    this.web3j = web3j;
    this.chainId = chainId;
    this.options = options;
    long polls =
        Math.max(1, options.receiptTimeout().toMillis() / options.pollInterval().toMillis());
    this.receipts =
        new PollingTransactionReceiptProcessor(
            web3j, options.pollInterval().toMillis(), (int) Math.min(polls, Integer.MAX_VALUE));
    this.gas = new EstimatingGasProvider(web3j);
  }

  /** Connects and reads the chain id; fails with a clear message when the node is unreachable. */
  public static TribunalChain connect(String rpcUrl, Options options) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .build();
    Web3j web3j = Web3j.build(new HttpService(rpcUrl, http));
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      return new TribunalChain(rpcUrl, web3j, chainId, options);
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      throw new ChainUnavailableException(
          "cannot reach an Ethereum JSON-RPC node at " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  public static TribunalChain connect(String rpcUrl) {
    return connect(rpcUrl, Options.devnet());
  }

  public Web3j web3j() {
    return web3j;
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public long chainId() {
    return chainId;
  }

  public ContractGasProvider gasProvider() {
    return gas;
  }

  /** One transaction manager per account, so its local nonce is tracked in exactly one place. */
  public TransactionManager transactionManager(Credentials credentials) {
    return managers.computeIfAbsent(
        credentials.getAddress().toLowerCase(),
        a -> new NonceSafeTransactionManager(web3j, credentials, chainId, receipts));
  }

  public BigInteger blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_blockNumber failed at " + rpcUrl, e);
    }
  }

  /**
   * The timestamp of the latest block. Deadlines and expiries follow chain time, never the wall
   * clock.
   */
  public long latestBlockTime() {
    try {
      return web3j
          .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
          .send()
          .getBlock()
          .getTimestamp()
          .longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber failed at " + rpcUrl, e);
    }
  }

  public BigInteger ethBalance(String address) {
    try {
      return web3j
          .ethGetBalance(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
          .send()
          .getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBalance failed at " + rpcUrl, e);
    }
  }

  /**
   * Waits until {@code receipt} has {@link Options#confirmations()} confirmations, then re-reads
   * it: if the transaction was reorged out meanwhile, this fails rather than report a stale
   * receipt.
   */
  public TransactionReceipt awaitConfirmations(TransactionReceipt receipt) {
    BigInteger target =
        receipt.getBlockNumber().add(BigInteger.valueOf(options.confirmations() - 1L));
    long deadline = System.nanoTime() + options.receiptTimeout().toNanos();
    try {
      while (blockNumber().compareTo(target) < 0) {
        if (System.nanoTime() > deadline) {
          throw new ChainUnavailableException(
              "timed out waiting for "
                  + options.confirmations()
                  + " confirmations of "
                  + receipt.getTransactionHash(),
              null);
        }
        Thread.sleep(options.pollInterval().toMillis());
      }
      return web3j
          .ethGetTransactionReceipt(receipt.getTransactionHash())
          .send()
          .getTransactionReceipt()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "transaction " + receipt.getTransactionHash() + " vanished (reorg)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for confirmations", e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
