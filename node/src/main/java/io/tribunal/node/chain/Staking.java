package io.tribunal.node.chain;

import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator registration driven by the desired on-chain state: read the stake, the allowance and the
 * operator metadata; decide what is missing (top up the stake, approve that amount, publish roles
 * and endpoint); send each decision as a repeatable action through the journal; read the chain
 * again. A restart after a slash therefore stakes again, and an endpoint changed and changed back
 * is published again, because nothing is skipped on the strength of an old journal row.
 */
public final class Staking {
  public static final int ROLE_SOLVER = 1;
  public static final int ROLE_VERIFIER = 2;
  public static final int ROLE_CHALLENGER = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Staking.class);

  /** Decide-send-read rounds before the chain must show the desired state. */
  private static final int ROUNDS = 3;

  private Staking() {}

  /** What the chain shows for an operator after registration. */
  public record Registered(BigInteger activeStake, int roles, String endpoint) {}

  /**
   * Brings the operator's stake to at least {@code stake} and its metadata to {@code roles} and
   * {@code endpoint}; returns the state the chain shows, which matches, or throws saying what does
   * not.
   */
  public static Registered ensureRegistered(
      Contracts c,
      ChainReader reader,
      DurableTxSender tx,
      BigInteger stake,
      int roles,
      String endpoint) {
    for (int round = 0; round < ROUNDS; round++) {
      Registered now = read(c, reader, tx.address());
      if (matches(now, stake, roles, endpoint)) {
        return now;
      }
      if (now.activeStake().compareTo(stake) < 0) {
        topUp(c, reader, tx, now.activeStake(), stake);
      }
      if (now.roles() != roles || !now.endpoint().equals(endpoint)) {
        var receipt =
            tx.sendRepeatable(
                Intents.SET_OPERATOR,
                c.registryAddress(),
                c.registry()
                    .setOperator(
                        BigInteger.valueOf(roles), endpoint, BigInteger.ZERO, BigInteger.ZERO)
                    .encodeFunctionCall());
        LOG.info(
            "operator roles {} at '{}' published in tx {}",
            roles,
            endpoint,
            receipt.getTransactionHash());
      }
    }
    Registered now = read(c, reader, tx.address());
    if (!matches(now, stake, roles, endpoint)) {
      throw new IllegalStateException(
          "the chain shows stake "
              + now.activeStake()
              + ", roles "
              + now.roles()
              + ", endpoint '"
              + now.endpoint()
              + "' but the config asks for stake "
              + stake
              + ", roles "
              + roles
              + ", endpoint '"
              + endpoint
              + "'");
    }
    return now;
  }

  private static void topUp(
      Contracts c, ChainReader reader, DurableTxSender tx, BigInteger active, BigInteger stake) {
    String me = tx.address();
    BigInteger missing = stake.subtract(active);
    BigInteger allowance =
        reader.view("allowance", () -> c.token().allowance(me, c.registryAddress()).send());
    if (allowance.compareTo(missing) < 0) {
      tx.sendRepeatable(
          Intents.APPROVE_STAKE,
          c.tokenAddress(),
          c.token().approve(c.registryAddress(), missing).encodeFunctionCall());
    }
    var receipt =
        tx.sendRepeatable(
            Intents.STAKE, c.registryAddress(), c.registry().stake(missing).encodeFunctionCall());
    BigInteger after = read(c, reader, me).activeStake();
    LOG.info(
        "staked {} in tx {} (active stake was {}, now {})",
        missing,
        receipt.getTransactionHash(),
        active,
        after);
  }

  private static Registered read(Contracts c, ChainReader reader, String me) {
    BigInteger active = reader.view("stakeOf", () -> c.registry().stakeOf(me).send().component1());
    var meta = reader.view("metadataOf", () -> c.registry().metadataOf(me).send());
    return new Registered(active, meta.roles.intValue(), meta.endpoint);
  }

  private static boolean matches(Registered r, BigInteger stake, int roles, String endpoint) {
    return r.activeStake().compareTo(stake) >= 0
        && r.roles() == roles
        && r.endpoint().equals(endpoint);
  }
}
