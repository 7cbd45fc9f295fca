package io.tribunal.devnet.testing;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.AdminTimelock;
import io.tribunal.devnet.kit.AnvilRpc;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.web3j.crypto.Credentials;

/**
 * Runs an admin action on a devnet the way an operator of a real deployment must: scheduled on the
 * {@code AdminTimelock} in public, executed only after its delay. anvil's clock is moved past the
 * delay in between (test-only: it needs {@code evm_increaseTime}).
 */
public final class AdminActions {
  private AdminActions() {}

  /** Schedules {@code data} to {@code target}, waits the delay on anvil's clock, executes it. */
  public static void run(
      TribunalChain chain, Deployment deployment, Credentials proposer, String target, byte[] data)
      throws Exception {
    AdminTimelock timelock =
        AdminTimelock.load(
            deployment.address("AdminTimelock"),
            chain.web3j(),
            chain.transactionManager(proposer),
            chain.gasProvider());
    BigInteger delay = timelock.getMinDelay().send();
    byte[] predecessor = new byte[32];
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    timelock.schedule(target, BigInteger.ZERO, data, predecessor, salt, delay).send();
    AnvilRpc.advanceTime(chain, delay.longValueExact() + 1);
    timelock.execute(target, BigInteger.ZERO, data, predecessor, salt, BigInteger.ZERO).send();
  }
}
