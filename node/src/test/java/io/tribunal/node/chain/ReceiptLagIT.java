package io.tribunal.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.kit.ReceiptLagProxy;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.persist.StateDb;
import io.tribunal.node.persist.TxJournal;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Retry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * 1,000 intents through {@link DurableTxSender} on a node whose receipts lag its nonces by a random
 * 0–3 s (a {@link ReceiptLagProxy} in front of anvil): every intent ends with the status the chain
 * proves, checked against anvil directly. The mix: 855 plain transfers (mined), 45 whose nonce a
 * rival transaction takes between journaling and broadcast (replaced), and 100 transfers from an
 * account that can afford only half of them, all in one block (50 mined, 50 reverted on-chain).
 */
@ExtendWith(AnvilExtension.class)
class ReceiptLagIT {
  private static final int PLAIN = 900;
  private static final int RIVAL_EVERY = 20;
  private static final int OVERDRAWN = 100;

  @Test
  void thousandIntentsUnderReceiptLagAreAllClassifiedAsTheChainSays(
      Devnet devnet, @TempDir Path dir) throws Exception {
    Credentials sender = devnet.account(5);
    Credentials overdrawn = devnet.account(6);
    String sink = devnet.account(8).getAddress();
    try (ReceiptLagProxy proxy =
            ReceiptLagProxy.start(devnet.anvil().rpcUrl(), Duration.ofSeconds(3), 11);
        TribunalChain lagging = TribunalChain.connect(proxy.rpcUrl());
        StateDb db = StateDb.open(dir.resolve("a"));
        StateDb db2 = StateDb.open(dir.resolve("b"))) {
      ChainReader reader = new ChainReader(lagging, Retry.daemon(e -> {}));
      RetryPolicy noHold =
          new RetryPolicy(Duration.ofSeconds(90), 1000, Duration.ZERO, Duration.ZERO);
      DurableTxSender tx = new DurableTxSender(reader, sender, db, noHold, 1);
      DurableTxSender tx2 = new DurableTxSender(reader, overdrawn, db2, noHold, 1);
      TestUSD usd = token(devnet);
      String transferOne = usd.transfer(sink, BigInteger.ONE).encodeFunctionCall();
      Map<String, String> outcome = new ConcurrentHashMap<>();

      // plain transfers, every 20th with a rival taking its nonce before our broadcast
      FaultHooks.setAfterJournal(
          e -> {
            if (e.intent().startsWith("rival-")) {
              sendRival(devnet, sender, e.nonce());
            }
          });
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Semaphore inFlight = new Semaphore(64);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < PLAIN; i++) {
          String intent = (i % RIVAL_EVERY == 0 ? "rival-" : "plain-") + i;
          inFlight.acquire();
          all.add(
              pool.submit(
                  () -> {
                    try {
                      outcome.put(
                          intent,
                          run(() -> tx.send(intent, usd.getContractAddress(), transferOne)));
                    } finally {
                      inFlight.release();
                    }
                  }));
        }
        for (Future<?> f : all) {
          f.get();
        }
      } finally {
        FaultHooks.setAfterJournal(null);
      }

      // an account that can pay for 50 of 100 transfers, all estimated before one block mines them
      leaveBalance(devnet, overdrawn, usd, BigInteger.valueOf(OVERDRAWN));
      AnvilRpc.call(devnet.chain(), "evm_setAutomine", List.of(false));
      String transferTwo = usd.transfer(sink, BigInteger.TWO).encodeFunctionCall();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < OVERDRAWN; i++) {
          String intent = "overdrawn-" + i;
          all.add(
              pool.submit(
                  () ->
                      outcome.put(
                          intent,
                          run(() -> tx2.send(intent, usd.getContractAddress(), transferTwo)))));
        }
        while (db2.txJournal().count("overdrawn-") + estimateFailures(outcome) < OVERDRAWN) {
          Thread.sleep(50);
        }
        AnvilRpc.mine(devnet.chain());
        AnvilRpc.call(devnet.chain(), "evm_setAutomine", List.of(true));
        // a journaled intent may broadcast between that block and automine's return (the journal
        // is written first); anvil does not mine what is already pending when automine returns
        AnvilRpc.mine(devnet.chain());
        for (Future<?> f : all) {
          f.get();
        }
      }

      // the chain's verdict on every journaled transaction, read from anvil directly
      Map<String, Integer> tally = new ConcurrentHashMap<>();
      for (var journal : List.of(db.txJournal(), db2.txJournal())) {
        for (String intent : outcome.keySet()) {
          Optional<TxJournal.Entry> e = journal.find(intent);
          if (e.isEmpty()) {
            continue;
          }
          String truth = truth(devnet, e.get());
          assertThat(e.get().status().name())
              .as(intent + " (" + truth + ")")
              .isEqualTo(statusOf(truth));
          assertThat(outcome.get(intent))
              .as(intent)
              .isEqualTo(truth.equals("mined") ? "mined" : "failed");
          tally.merge(truth, 1, Integer::sum);
        }
      }
      assertThat(outcome).hasSize(PLAIN + OVERDRAWN);
      assertThat(tally.get("replaced")).isEqualTo(PLAIN / RIVAL_EVERY);
      assertThat(tally.get("reverted")).isEqualTo(OVERDRAWN / 2);
      assertThat(tally.get("mined")).isEqualTo(PLAIN - PLAIN / RIVAL_EVERY + OVERDRAWN / 2);
      assertThat(proxy.withheld()).as("receipts withheld by the proxy").isGreaterThan(PLAIN);
    }
  }

  private interface Send {
    TransactionReceipt send();
  }

  private static String run(Send s) {
    try {
      s.send();
      return "mined";
    } catch (TransactionRevertedException e) {
      return e.getMessage().contains("would revert: nonce") || e.getMessage().contains("on-chain")
          ? "failed"
          : "estimate-failed";
    }
  }

  private static int estimateFailures(Map<String, String> outcome) {
    return (int)
        outcome.entrySet().stream()
            .filter(
                e -> e.getKey().startsWith("overdrawn-") && e.getValue().equals("estimate-failed"))
            .count();
  }

  /** mined / reverted / replaced, from anvil itself. */
  private static String truth(Devnet devnet, TxJournal.Entry e) throws Exception {
    var r =
        devnet.chain().web3j().ethGetTransactionReceipt(e.txHash()).send().getTransactionReceipt();
    if (r.isPresent()) {
      return r.get().isStatusOK() ? "mined" : "reverted";
    }
    BigInteger used =
        devnet
            .chain()
            .web3j()
            .ethGetTransactionCount(e.account(), DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount();
    return used.compareTo(e.nonce()) > 0 ? "replaced" : "pending";
  }

  private static String statusOf(String truth) {
    return switch (truth) {
      case "mined" -> "MINED";
      case "reverted", "replaced" -> "FAILED";
      default -> "SENT";
    };
  }

  /** A 0-value self-transfer with the same key and nonce, straight to anvil. */
  private static void sendRival(Devnet devnet, Credentials key, BigInteger nonce) {
    try {
      BigInteger gasPrice = devnet.chain().web3j().ethGasPrice().send().getGasPrice();
      RawTransaction raw =
          RawTransaction.createEtherTransaction(
              nonce,
              gasPrice.multiply(BigInteger.TWO),
              BigInteger.valueOf(21_000),
              key.getAddress(),
              BigInteger.ZERO);
      byte[] signed = TransactionEncoder.signMessage(raw, devnet.chain().chainId(), key);
      var r = devnet.chain().web3j().ethSendRawTransaction(Numeric.toHexString(signed)).send();
      assertThat(r.hasError())
          .as("rival tx refused: %s", r.hasError() ? r.getError().getMessage() : "")
          .isFalse();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sends everything above {@code keep} away, so the account holds exactly {@code keep}. */
  private static void leaveBalance(Devnet devnet, Credentials who, TestUSD usd, BigInteger keep)
      throws Exception {
    BigInteger balance = usd.balanceOf(who.getAddress()).send();
    TestUSD signed =
        TestUSD.load(
            usd.getContractAddress(),
            devnet.chain().web3j(),
            devnet.chain().transactionManager(who),
            devnet.chain().gasProvider());
    signed.transfer(devnet.account(9).getAddress(), balance.subtract(keep)).send();
    assertThat(usd.balanceOf(who.getAddress()).send()).isEqualTo(keep);
  }

  private static TestUSD token(Devnet devnet) {
    return TestUSD.load(
        devnet.deployment().address("TestUSD"),
        devnet.chain().web3j(),
        new ReadonlyTransactionManager(devnet.chain().web3j(), devnet.account(0).getAddress()),
        devnet.chain().gasProvider());
  }
}
