package io.tribunal.protocol.dispute;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.protocol.chain.Contracts;
import java.math.BigInteger;

/**
 * How a proven cheat pays the games that were open on the job (JobMarket's rule, read from the
 * chain): each is credited an equal {@code share} of the reward plus {@code refundPerMove} for each
 * move its challenger made, its open included. Who proved the cheat does not matter.
 */
public record CheatPayout(BigInteger share, BigInteger refundPerMove) {
  /** The payout recorded for {@code jobId} (zeros while the job is not Cheated). */
  public static CheatPayout read(Contracts contracts, Bytes32 jobId) {
    return read(contracts.market(), jobId);
  }

  /** The payout recorded for {@code jobId}, read through any JobMarket wrapper. */
  public static CheatPayout read(JobMarket market, Bytes32 jobId) {
    try {
      var p = market.cheatPayout(jobId.bytes()).send();
      return new CheatPayout(p.component1(), p.component2());
    } catch (Exception e) {
      throw new IllegalStateException("reading the cheat payout of job " + jobId + ": " + e, e);
    }
  }

  /**
   * The rule itself, for a collateral {@code c} slashed while {@code openGames} games were open
   * holding {@code totalMoves} challenger moves, at {@code moveRefund} per move: the share is c·10%
   * / openGames, the refund per move is moveRefund or less, so that all moves fit in c·20%.
   */
  public static CheatPayout expected(
      BigInteger c, long openGames, long totalMoves, BigInteger moveRefund) {
    BigInteger share = c.divide(BigInteger.TEN).divide(BigInteger.valueOf(openGames));
    BigInteger perMove =
        totalMoves == 0
            ? BigInteger.ZERO
            : c.divide(BigInteger.valueOf(5))
                .divide(BigInteger.valueOf(totalMoves))
                .min(moveRefund);
    return new CheatPayout(share, perMove);
  }

  /** What a game whose challenger made {@code challengerMoves} moves (open included) is owed. */
  public BigInteger forGame(long challengerMoves) {
    return share.add(refundPerMove.multiply(BigInteger.valueOf(challengerMoves)));
  }
}
