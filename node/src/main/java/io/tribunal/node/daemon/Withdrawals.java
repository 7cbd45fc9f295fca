package io.tribunal.node.daemon;

import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the operator's money out of the contracts when the chain shows some: JobMarket credit
 * (fees, pay, bounties) and DisputeGame credit (bonds won or returned). Each withdrawal is a
 * repeatable action decided from the chain's balance, so an earlier withdrawal never blocks a later
 * one, and the log line follows the mined receipt.
 */
public final class Withdrawals {
  private static final Logger LOG = LoggerFactory.getLogger(Withdrawals.class);

  private final DaemonRuntime rt;

  private Withdrawals(DaemonRuntime rt) {
    this.rt = rt;
  }

  public static Withdrawals of(DaemonRuntime rt) {
    return new Withdrawals(rt);
  }

  /** Both withdrawals; returns {market credit withdrawn, dispute credit withdrawn}. */
  public BigInteger[] all(String jobId) {
    BigInteger bonds = dispute(jobId);
    BigInteger market = market(jobId);
    return new BigInteger[] {market, bonds};
  }

  /** JobMarket credit, if any: the amount withdrawn. */
  public BigInteger market(String jobId) {
    var market = rt.contracts().market();
    String me = rt.address();
    BigInteger before = rt.reader().view("claimable", () -> market.claimable(me).send());
    if (before.signum() == 0) {
      return BigInteger.ZERO;
    }
    rt.settlementPause().awaitEnd();
    var receipt =
        rt.tx()
            .sendRepeatable(
                io.tribunal.node.chain.Intents.WITHDRAW_MARKET,
                rt.contracts().marketAddress(),
                market.withdraw(me).encodeFunctionCall());
    BigInteger after = rt.reader().view("claimable", () -> market.claimable(me).send());
    BigInteger got = before.subtract(after).max(BigInteger.ZERO);
    LOG.info(
        "job {}: withdrew {} from the market in tx {}", jobId, got, receipt.getTransactionHash());
    return got;
  }

  /** DisputeGame credit, if any: the amount withdrawn. */
  public BigInteger dispute(String jobId) {
    var game = rt.contracts().disputeGame();
    String me = rt.address();
    BigInteger before = rt.reader().view("credit", () -> game.credit(me).send());
    if (before.signum() == 0) {
      return BigInteger.ZERO;
    }
    var receipt =
        rt.tx()
            .sendRepeatable(
                io.tribunal.node.chain.Intents.WITHDRAW_DISPUTE,
                game.getContractAddress(),
                game.withdraw(me).encodeFunctionCall());
    BigInteger after = rt.reader().view("credit", () -> game.credit(me).send());
    BigInteger got = before.subtract(after).max(BigInteger.ZERO);
    LOG.info(
        "job {}: withdrew {} won in disputes in tx {}", jobId, got, receipt.getTransactionHash());
    return got;
  }
}
