package io.tribunal.challenger;

import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.DurableTxSender;
import io.tribunal.protocol.dispute.ChallengerPlayer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Move;
import io.tribunal.protocol.job.JobHashes;
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
 * actions ({@link io.tribunal.protocol.daemon.Withdrawals}).
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

  /** Approves the bond, registers the job with the game if nobody has, opens: the game id. */
  long open(String id, JobRequest r, HonestRun.Job job, ClaimKind kind) {
    DisputeGame g = contracts.disputeGame();
    byte[] jobId = Hash32.fromHex(id).bytes();
    BigInteger bond = reader.view("parameters", () -> g.parameters().send().component1());
    BigInteger allowance =
        reader.view("allowance", () -> contracts.token().allowance(me, games.address()).send());
    if (allowance.compareTo(bond) < 0 && !tx.known("open:" + id)) {
      tx.send(
          "approve-bond:" + id,
          contracts.tokenAddress(),
          contracts.token().approve(games.address(), bond).encodeFunctionCall());
    }
    byte[] registered = reader.view("jobConfig", () -> g.jobConfig(jobId).send().traceRoot);
    if (new BigInteger(1, registered).signum() == 0 && !tx.known("open:" + id)) {
      tx.send("register:" + id, games.address(), registerCall(g, r, job));
    }
    TransactionReceipt receipt =
        tx.send(
            "open:" + id,
            games.address(),
            g.open(jobId, BigInteger.valueOf(kind.ordinal())).encodeFunctionCall());
    return DisputeGame.getGameOpenedEvents(receipt).get(0).gameId.longValueExact();
  }

  /** At most one move of {@code player} in the game (or a timeout claim); empty if none is due. */
  Optional<Sent> play(long gameId, ChallengerPlayer player) {
    DisputeView v = games.view(gameId);
    Optional<Move> move = player.decide(v, reader.now());
    if (move.isEmpty()) {
      return Optional.empty();
    }
    String intent =
        "dispute-move:" + gameId + ":" + games.events(gameId).size() + ":" + move.get().name();
    TransactionReceipt r = tx.send(intent, games.address(), games.encode(gameId, move.get()));
    return Optional.of(new Sent(move.get().name(), r.getGasUsed()));
  }

  /** Ends a game whose job another game already settled as cheated (the bond comes back). */
  void closeSettled(long gameId) {
    tx.send(
        "close-settled:" + gameId,
        games.address(),
        contracts.disputeGame().closeSettled(BigInteger.valueOf(gameId)).encodeFunctionCall());
  }

  private static String registerCall(DisputeGame g, JobRequest r, HonestRun.Job job) {
    JobHashes.HyperParams hp = job.hyper();
    List<BigInteger> widths = job.spec().widths().stream().map(BigInteger::valueOf).toList();
    return g.registerJob(
            new DisputeGame.JobRequest(
                r.user(),
                r.modelSpecHash().bytes(),
                r.datasetRoot().bytes(),
                r.datasetURI(),
                r.hyperParamsHash().bytes(),
                r.steps(),
                r.seed(),
                r.price(),
                r.collateral(),
                r.claimDeadline(),
                r.commitDeadline(),
                r.nonce()),
            new DisputeGame.HyperParams(
                BigInteger.valueOf(hp.batch()),
                BigInteger.valueOf(hp.eta()),
                BigInteger.valueOf(hp.datasetSize())),
            widths)
        .encodeFunctionCall();
  }
}
