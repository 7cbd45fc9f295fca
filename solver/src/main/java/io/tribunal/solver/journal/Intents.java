package io.tribunal.solver.journal;

import io.tribunal.bindings.eip712.Bytes32;
import java.math.BigInteger;

/**
 * The solver's intent keys for the transaction journal, in one place. A key names a transaction for
 * good: a restarted daemon that finds a journaled key re-broadcasts the same signed transaction
 * instead of signing a new one, so a key must change exactly when a new transaction is meant (a new
 * job, game position, chunk or voucher amount) and never otherwise.
 */
public final class Intents {
  private Intents() {}

  /** Relaying a user's signed job submission. */
  public static String submit(String jobId) {
    return "submit:" + jobId;
  }

  public static String claim(String jobId) {
    return "claim:" + jobId;
  }

  public static String commit(String jobId) {
    return "commit:" + jobId;
  }

  public static String finalizeJob(String jobId) {
    return "finalize:" + jobId;
  }

  /**
   * One dispute move, keyed by the game's position when it was decided: the number of events the
   * game has emitted.
   */
  public static String disputeMove(long game, int events, String move) {
    return "dispute-move:" + game + ":" + events + ":" + move;
  }

  public static String dataRoots(BigInteger demand) {
    return "data-roots:" + demand;
  }

  public static String dataRows(BigInteger demand, int tensor, int firstRow) {
    return "data-rows:" + demand + ":" + tensor + ":" + firstRow;
  }

  public static String dataBlobs(BigInteger demand, int tensor, int firstRow) {
    return "data-blobs:" + demand + ":" + tensor + ":" + firstRow;
  }

  public static String dataObjection(BigInteger demand, int index) {
    return "data-objection:" + demand + ":" + index;
  }

  public static String dataConfirm(BigInteger demand) {
    return "data-confirm:" + demand;
  }

  public static String channelClaim(Bytes32 channel, BigInteger cumulativeAmount) {
    return "channel-claim:" + channel.hex() + ":" + cumulativeAmount;
  }

  /** One claim of many vouchers, keyed by a hash of their channels and amounts. */
  public static String channelClaimMany(String batchHash) {
    return "channel-claim-many:" + batchHash;
  }

  public static String channelClose(Bytes32 channel, BigInteger cumulativeAmount) {
    return "channel-close:" + channel.hex() + ":" + cumulativeAmount;
  }
}
