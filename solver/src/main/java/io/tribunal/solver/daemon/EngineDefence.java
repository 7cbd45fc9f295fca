package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.DurableTxSender;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Move;
import io.tribunal.protocol.dispute.SolverDefender;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Defends every open game on a job with the dispute engine's {@link SolverDefender}: each daemon
 * loop reads each game from the chain and makes at most one move in it (or ends it with {@code
 * resolveTimeout} once the challenger's clock ran out). Everything is re-read from the chain, so a
 * restarted daemon simply continues where the game is.
 *
 * <p>Moves go through the intent journal under {@code dispute-move:<game>:<events>:<move>}, where
 * {@code events} is the number of events the game has emitted: the game's position when the move
 * was decided. A daemon killed after journaling a move re-broadcasts the same signed transaction;
 * once it is mined the game has moved on and the next move has a new intent, so none is sent twice.
 */
final class EngineDefence implements DisputeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EngineDefence.class);

  private final DisputeChain chain;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final Function<String, TraceSource> traces;
  private final Map<String, SolverDefender> defenders = new ConcurrentHashMap<>();

  /**
   * @param chain the DisputeGame (views and move encoding)
   * @param traces the committed trace of a job, by job id (its checkpoints plus recomputation)
   */
  EngineDefence(
      DisputeChain chain,
      ChainReader reader,
      DurableTxSender tx,
      Function<String, TraceSource> traces) {
    this.chain = chain;
    this.reader = reader;
    this.tx = tx;
    this.traces = traces;
  }

  @Override
  public void onOpenDisputes(Bytes32 jobId, int openDisputes) {
    String id = jobId.hex();
    SolverDefender defender =
        defenders.computeIfAbsent(id, k -> new SolverDefender(chain, traces.apply(k)));
    for (long gameId : chain.gamesOf(Hash32.fromHex(id))) {
      DisputeView v = chain.view(gameId);
      Optional<Move> move = defender.decide(v, reader.now());
      if (move.isEmpty()) {
        continue;
      }
      String intent =
          "dispute-move:" + gameId + ":" + chain.events(gameId).size() + ":" + move.get().name();
      TransactionReceipt r = tx.send(intent, chain.address(), chain.encode(gameId, move.get()));
      LOG.info("job {} game {}: played {} (gas {})", id, gameId, move.get().name(), r.getGasUsed());
    }
  }
}
