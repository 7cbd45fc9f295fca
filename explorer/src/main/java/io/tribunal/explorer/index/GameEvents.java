package io.tribunal.explorer.index;

import io.tribunal.protocol.dispute.EventNames;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Applies the DisputeGame's per-game events to the games of a {@link Ledger}: each becomes a move.
 * The game's phase, clocks and pinpoint come from the contract's {@code gameView}, read for every
 * game this returns.
 */
public final class GameEvents {
  private final Ledger ledger;

  public GameEvents(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Applies one DisputeGame log mined at chain time {@code time}; returns the game it touched. */
  public Optional<Long> apply(Log log, long time) {
    if (EventNames.of(log).isEmpty() || log.getTopics().size() < 2) {
      return Optional.empty();
    }
    long id = Numeric.toBigInt(log.getTopics().get(1)).longValueExact();
    ledger.game(id).track.add(log, time);
    return Optional.of(id);
  }
}
