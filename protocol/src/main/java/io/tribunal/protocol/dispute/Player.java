package io.tribunal.protocol.dispute;

import io.tribunal.bindings.TransactionRevertedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What both players share: read the game, decide ({@link #decide}), submit, and watch the other
 * side's clock — once the side to move is past its deadline, the waiting side ends the game with
 * {@code resolveTimeout} (the contract pays the winner; silence loses).
 *
 * <p>{@link #decide} and {@link #act} may be called for different games from different threads.
 */
public abstract sealed class Player permits SolverDefender, ChallengerPlayer {
  /** One submitted move and its receipt's gas. */
  public record Played(long gameId, String move, long gasUsed) {}

  private final DisputeChain chain;
  private final Side side;
  private final List<Played> played = new CopyOnWriteArrayList<>();

  Player(DisputeChain chain, Side side) {
    this.chain = chain;
    this.side = side;
  }

  /** The next move of this player in {@code v} at chain time {@code now}, if it has one. */
  public Optional<Move> decide(DisputeView v, long now) {
    if (v.resolved()) {
      return Optional.empty();
    }
    if (v.turn() == side.other() && now > v.deadline()) {
      return Optional.of(new Move.ResolveTimeout());
    }
    if (v.turn() != side || now > v.deadline()) {
      return Optional.empty();
    }
    return ownMove(v);
  }

  /** The move of this side when it is its turn and its clock runs. */
  abstract Optional<Move> ownMove(DisputeView v);

  /**
   * Plays once in game {@code gameId}: reads it, decides and submits. Empty when there is nothing
   * to do (not its turn, resolved, or no move it can make: a move the contract would reject is
   * never sent, and the clock decides).
   */
  public Optional<Played> act(long gameId) {
    DisputeView v = chain.view(gameId);
    Optional<Move> move = decide(v, chain.now());
    if (move.isEmpty()) {
      return Optional.empty();
    }
    try {
      TransactionReceipt r = chain.submit(gameId, move.get());
      Played p = new Played(gameId, move.get().name(), r.getGasUsed().longValueExact());
      played.add(p);
      return Optional.of(p);
    } catch (TransactionRevertedException e) {
      return Optional.empty();
    }
  }

  public DisputeChain chain() {
    return chain;
  }

  /** Every move this player submitted, in order. */
  public List<Played> played() {
    return List.copyOf(played);
  }
}
