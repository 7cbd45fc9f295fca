package io.tribunal.node.chain;

import io.tribunal.bindings.eip712.Bytes32;
import java.math.BigInteger;

/**
 * Every intent key of the transaction journal, for all three roles, in one place. A key names a
 * transaction for good: a restarted daemon that finds a journaled key re-broadcasts the same signed
 * transaction instead of signing a new one, so a key must change exactly when a new transaction is
 * meant (a new job, game position, chunk or voucher amount) and never otherwise. Repeatable actions
 * ({@link DurableTxSender#sendRepeatable}) are named by their action; the sender numbers each
 * decision.
 *
 * <p>Each role has its own journal (its own state DB), so the same key in two roles never collides.
 */
public final class Intents {
  private Intents() {}

  // ------------------------------------------------------------------ solver

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

  // ------------------------------------------------------------------ verifier

  /** Recording a job's post-commit randomness, keyed by the anchor block it was drawn from. */
  public static String randomness(String jobId, long anchor) {
    return "randomness:" + jobId + ":" + anchor;
  }

  /** The attestation of a job's sampled transitions. */
  public static String attest(String jobId) {
    return "attest:" + jobId;
  }

  /** Settling this verifier's attestation bond of a job found cheated. */
  public static String settleAttestation(String jobId) {
    return "settle-attestation:" + jobId;
  }

  // ------------------------------------------------------------------ challenger

  /** Approving the dispute bond for a game on a job. */
  public static String approveBond(String jobId) {
    return "approve-bond:" + jobId;
  }

  /** Opening this challenger's game on a job (at most one, ever). */
  public static String open(String jobId) {
    return "open:" + jobId;
  }

  /** Registering the disputed job's configuration with the game contract. */
  public static String register(String jobId) {
    return "register:" + jobId;
  }

  /** Closing a game whose job was settled meanwhile. */
  public static String closeSettled(long gameId) {
    return "close-settled:" + gameId;
  }

  /** Approving the bond of a data demand on one trace leaf of a job. */
  public static String approveDataBond(String jobId, long leaf) {
    return "approve-data-bond:" + jobId + ":" + leaf;
  }

  /** A data demand on one trace leaf of a job. */
  public static String demand(String jobId, long leaf) {
    return "demand:" + jobId + ":" + leaf;
  }

  /** Resolving a demand (or objection) the solver left unanswered past its deadline. */
  public static String resolveDemand(BigInteger demand) {
    return "resolve-demand:" + demand;
  }

  /** Withdrawing what a demand returned (bond and reward). */
  public static String dataWithdraw(BigInteger demand) {
    return "data-withdraw:" + demand;
  }

  /** Objecting to one blob chunk of an answer that does not rebuild its posted root. */
  public static String objectBlob(BigInteger demand, int chunk) {
    return "object-blob:" + demand + ":" + chunk;
  }

  // ------------------------------------------------------------------ every role (repeatable)

  /** Setting the operator's registration (roles, endpoint). */
  public static final String SET_OPERATOR = "set-operator";

  /** Approving the registry to take the stake. */
  public static final String APPROVE_STAKE = "approve-stake";

  /** Staking. */
  public static final String STAKE = "stake";

  /** Withdrawing the market's credit. */
  public static final String WITHDRAW_MARKET = "withdraw-market";

  /** Withdrawing the dispute game's credit. */
  public static final String WITHDRAW_DISPUTE = "withdraw-dispute";
}
