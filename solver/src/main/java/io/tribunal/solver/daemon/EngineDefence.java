package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.SolverDefender;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defends every open game on a job with the dispute engine's {@link SolverDefender}: each daemon
 * loop reads each game from the chain and makes at most one move in it (or ends it with {@code
 * resolveTimeout} once the challenger's clock ran out). Everything is re-read from the chain, so a
 * restarted daemon simply continues where the game is.
 *
 * <p>Caveat: moves are sent by the engine's own transaction manager, not through the daemon's
 * intent journal (the engine does not expose a move's calldata yet).
 */
final class EngineDefence implements DisputeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EngineDefence.class);

  private final DisputeChain chain;
  private final Function<String, TraceSource> traces;
  private final Map<String, SolverDefender> defenders = new ConcurrentHashMap<>();

  /**
   * @param chain the DisputeGame, sending as the solver
   * @param traces the committed trace of a job, by job id (its checkpoints plus recomputation)
   */
  EngineDefence(DisputeChain chain, Function<String, TraceSource> traces) {
    this.chain = chain;
    this.traces = traces;
  }

  @Override
  public void onOpenDisputes(Bytes32 jobId, int openDisputes) {
    String id = jobId.hex();
    SolverDefender defender =
        defenders.computeIfAbsent(id, k -> new SolverDefender(chain, traces.apply(k)));
    for (long gameId : chain.gamesOf(Hash32.fromHex(id))) {
      DisputeView v = chain.view(gameId);
      if (v.resolved()) {
        continue;
      }
      defender
          .act(gameId)
          .ifPresent(
              p ->
                  LOG.info(
                      "job {} game {}: played {} (gas {})", id, gameId, p.move(), p.gasUsed()));
    }
  }
}
