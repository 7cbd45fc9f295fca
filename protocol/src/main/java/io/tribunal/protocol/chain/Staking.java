package io.tribunal.protocol.chain;

import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent operator registration: approve + stake up to the target, then publish the operator
 * metadata (roles, endpoint). Each step first reads the chain, so a restarted daemon skips what is
 * already done, and each transaction has a fixed intent key, so none is sent twice.
 */
public final class Staking {
  public static final int ROLE_SOLVER = 1;
  public static final int ROLE_VERIFIER = 2;
  public static final int ROLE_CHALLENGER = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Staking.class);

  private Staking() {}

  public static void ensureRegistered(
      Contracts c,
      ChainReader reader,
      DurableTxSender tx,
      BigInteger stake,
      int roles,
      String endpoint) {
    String me = tx.address();
    BigInteger active = reader.view("stakeOf", () -> c.registry().stakeOf(me).send().component1());
    if (active.compareTo(stake) < 0) {
      BigInteger missing = stake.subtract(active);
      String round = "stake-to:" + stake;
      BigInteger allowance =
          reader.view("allowance", () -> c.token().allowance(me, c.registryAddress()).send());
      if (allowance.compareTo(missing) < 0) {
        tx.send(
            "approve:" + round,
            c.tokenAddress(),
            c.token().approve(c.registryAddress(), missing).encodeFunctionCall());
      }
      tx.send(round, c.registryAddress(), c.registry().stake(missing).encodeFunctionCall());
      LOG.info("staked {} (now {})", missing, stake);
    }
    var meta = reader.view("metadataOf", () -> c.registry().metadataOf(me).send());
    if (meta.roles.intValue() != roles || !meta.endpoint.equals(endpoint)) {
      tx.send(
          "operator:" + roles + ":" + endpoint,
          c.registryAddress(),
          c.registry()
              .setOperator(BigInteger.valueOf(roles), endpoint, BigInteger.ZERO, BigInteger.ZERO)
              .encodeFunctionCall());
      LOG.info("registered as operator with roles {} at '{}'", roles, endpoint);
    }
  }
}
