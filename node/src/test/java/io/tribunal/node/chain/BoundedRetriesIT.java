package io.tribunal.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.persist.StateDb;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Retry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * A failing action is retried with back-off, never in a hot loop, and gives up after the policy's
 * limit; a success clears its record. Runs on anvil with a transfer the token refuses.
 */
@ExtendWith(AnvilExtension.class)
class BoundedRetriesIT {
  @Test
  void aFailingIntentBacksOffThenGivesUp(Devnet devnet, @TempDir Path dir) throws Exception {
    Credentials who = devnet.account(2);
    try (StateDb db = StateDb.open(dir);
        TribunalChain chain = TribunalChain.connect(devnet.anvil().rpcUrl())) {
      RetryPolicy policy =
          new RetryPolicy(Duration.ofSeconds(10), 3, Duration.ofMillis(300), Duration.ofSeconds(1));
      DurableTxSender tx =
          new DurableTxSender(new ChainReader(chain, Retry.command()), who, db, policy, 1);
      TestUSD usd =
          TestUSD.load(
              devnet.deployment().address("TestUSD"),
              chain.web3j(),
              new ReadonlyTransactionManager(chain.web3j(), who.getAddress()),
              chain.gasProvider());
      String tooMuch =
          usd.transfer(devnet.account(3).getAddress(), BigInteger.TEN.pow(40)).encodeFunctionCall();

      for (int attempt = 1; attempt <= 3; attempt++) {
        assertThatThrownBy(() -> tx.send("pay-too-much", usd.getContractAddress(), tooMuch))
            .isInstanceOf(TransactionRevertedException.class);
        if (attempt < 3) {
          // at once again: refused locally while backing off, nothing sent
          assertThatThrownBy(() -> tx.send("pay-too-much", usd.getContractAddress(), tooMuch))
              .isInstanceOfSatisfying(
                  IntentOnHoldException.class, e -> assertThat(e.gaveUp()).isFalse());
          Thread.sleep(policy.backoffAfter(attempt).toMillis() + 50);
        }
      }
      assertThatThrownBy(() -> tx.send("pay-too-much", usd.getContractAddress(), tooMuch))
          .isInstanceOfSatisfying(
              IntentOnHoldException.class,
              e -> {
                assertThat(e.gaveUp()).isTrue();
                assertThat(e.failures()).isEqualTo(3);
                assertThat(e.getMessage()).contains("gave up on pay-too-much");
              });
      assertThat(db.txJournal().count("pay-too-much")).as("nothing was ever signed").isZero();

      // another action is unaffected, and a success leaves no failure record
      String ok = usd.transfer(devnet.account(3).getAddress(), BigInteger.ONE).encodeFunctionCall();
      assertThat(tx.send("pay-one", usd.getContractAddress(), ok).isStatusOK()).isTrue();
      assertThat(db.intentRetries().find("pay-one")).isEmpty();
      assertThat(db.intentRetries().find("pay-too-much")).isPresent();
    }
  }

  @Test
  void backoffDoublesUpToItsCap() {
    RetryPolicy p =
        new RetryPolicy(Duration.ofSeconds(1), 9, Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.backoffAfter(50)).isEqualTo(Duration.ofSeconds(30));
  }
}
