package io.tribunal.challenger;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.dispute.ChallengerPlayer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.JobRegistration;
import io.tribunal.protocol.dispute.Move;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The challenger's transactions, every one through the intent journal with a key fixed by what it
 * is for, so a daemon killed at any point re-broadcasts the same signed bytes and never signs a
 * second one: {@code approve-bond:<job>}, {@code register:<job>}, {@code open:<job>} (one game per
 * job and challenger), {@code dispute-move:<game>:<events>:<move>} (the game's event count fixes
 * the position the move answers) and {@code close-settled:<game>}. Withdrawals are repeatable
 * actions ({@link io.tribunal.node.daemon.Withdrawals}).
 *
 * <p>Other games on the same job (anyone's, e.g. a solver's own sybils stalling it) never stop the
 * challenger from opening its own: the contract allows many games per job, each independent. The
 * challenger's game is the one its own {@code open} transaction created (the {@code GameOpened}
 * event naming this challenger in that receipt), and it only ever plays that game.
 */
final class GameActions {
  private final Contracts contracts;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final DisputeChain games;
  private final String me;

  /** One move sent: which, and its gas. */
  record Sent(String move, BigInteger gas) {}

  GameActions(Contracts contracts, ChainReader reader, DurableTxSender tx, DisputeChain games) {
    this.contracts = contracts;
    this.reader = reader;
    this.tx = tx;
    this.games = games;
    this.me = tx.address();
  }

  DisputeChain games() {
    return games;
  }

  /**
   * Registers the job with the game if nobody has, approves the job's bond (sized at registration),
   * opens: the game id.
   */
  long open(String id, JobRequest r, HonestRun.Job job, ClaimKind kind) {
    DisputeGame g = contracts.disputeGame();
    byte[] jobId = Hash32.fromHex(id).bytes();
    if (!tx.known(io.tribunal.node.chain.Intents.open(id))) {
      register(id, r, job);
    }
    BigInteger bond = reader.view("jobConfig", () -> g.jobConfig(jobId).send().bond);
    BigInteger allowance =
        reader.view("allowance", () -> contracts.token().allowance(me, games.address()).send());
    if (allowance.compareTo(bond) < 0 && !tx.known(io.tribunal.node.chain.Intents.open(id))) {
      tx.send(
          io.tribunal.node.chain.Intents.approveBond(id),
          contracts.tokenAddress(),
          contracts.token().approve(games.address(), bond).encodeFunctionCall());
    }
    TransactionReceipt receipt =
        tx.send(
            io.tribunal.node.chain.Intents.open(id),
            games.address(),
            g.open(jobId, BigInteger.valueOf(kind.ordinal())).encodeFunctionCall());
    return ownGame(DisputeGame.getGameOpenedEvents(receipt), me, Hash32.fromHex(id));
  }

  /** Registers the job with the game (its widths and config) if nobody has yet. */
  void register(String id, JobRequest r, HonestRun.Job job) {
    DisputeGame g = contracts.disputeGame();
    byte[] jobId = Hash32.fromHex(id).bytes();
    byte[] registered = reader.view("jobConfig", () -> g.jobConfig(jobId).send().traceRoot);
    if (new BigInteger(1, registered).signum() == 0) {
      tx.send(
          io.tribunal.node.chain.Intents.register(id), games.address(), registerCall(g, r, job));
    }
  }

  /**
   * The game this challenger opened on {@code job}, from the {@code GameOpened} events of its own
   * open transaction: the one naming both the job and {@code me} as challenger.
   */
  static long ownGame(List<DisputeGame.GameOpenedEventResponse> opened, String me, Hash32 job) {
    return opened.stream()
        .filter(e -> e.challenger.equalsIgnoreCase(me) && new Hash32(e.jobId).equals(job))
        .mapToLong(e -> e.gameId.longValueExact())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the open transaction of job " + job + " opened no game for " + me));
  }

  /**
   * Why game {@code v} is not this challenger's game on {@code job}, if it is not (a record that
   * points at someone else's game must never be played).
   */
  static Optional<String> notOurs(DisputeView v, String me, Hash32 job) {
    if (!v.challenger().equalsIgnoreCase(me)) {
      return Optional.of(
          "game " + v.gameId() + " was opened by " + v.challenger() + ", not by " + me);
    }
    if (!v.jobId().equals(job)) {
      return Optional.of("game " + v.gameId() + " disputes job " + v.jobId() + ", not " + job);
    }
    return Optional.empty();
  }

  /** At most one move of {@code player} in the game (or a timeout claim); empty if none is due. */
  Optional<Sent> play(long gameId, ChallengerPlayer player) {
    DisputeView v = games.view(gameId);
    Optional<Move> move = player.decide(v, reader.now());
    if (move.isEmpty()) {
      return Optional.empty();
    }
    String intent =
        io.tribunal.node.chain.Intents.disputeMove(
            gameId, games.events(gameId).size(), move.get().name());
    TransactionReceipt r = tx.send(intent, games.address(), games.encode(gameId, move.get()));
    return Optional.of(new Sent(move.get().name(), r.getGasUsed()));
  }

  /** Ends a game whose job another game already settled as cheated (the bond comes back). */
  void closeSettled(long gameId) {
    tx.send(
        io.tribunal.node.chain.Intents.closeSettled(gameId),
        games.address(),
        contracts.disputeGame().closeSettled(BigInteger.valueOf(gameId)).encodeFunctionCall());
  }

  private static String registerCall(DisputeGame g, JobRequest r, HonestRun.Job job) {
    return JobRegistration.call(g, r, job.hyper(), job.spec().widths()).encodeFunctionCall();
  }
}
