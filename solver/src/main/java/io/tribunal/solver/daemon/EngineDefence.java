package io.tribunal.solver.daemon;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.IntentOnHoldException;
import io.tribunal.node.chain.Intents;
import io.tribunal.node.chain.TxPendingException;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Move;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.dispute.SolverDefender;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Defends every open game on a job at once with the dispute engine's {@link SolverDefender}. Each
 * daemon loop reads every game of the job from the chain and picks those where the solver has
 * something to do: its turn with its clock running, or the challenger's turn with the challenger's
 * clock run out ({@code resolveTimeout}). Those are started most urgent first (the solver's own
 * moves by deadline, then the timeout claims, which nobody can take away any more), each on its own
 * virtual thread that computes the move and sends it, so a game waiting for a slow receipt or
 * failing does not hold up the others: a failure is caught and logged (one line: job, game, error)
 * and the game is read again on the next loop. A game whose move is still in flight is left alone
 * until that move settles. Everything is re-read from the chain, so a restarted daemon simply
 * continues where each game is.
 *
 * <p>The games of one job share one {@link SolverDefender} and one {@link TraceSource}; both are
 * thread-safe, and the trace serves its callers in the order they asked (a fair lock), so the most
 * urgent game's recomputation goes first.
 *
 * <p>Moves go through the intent journal under {@code dispute-move:<game>:<events>:<move>}, where
 * {@code events} is the number of events the game has emitted: the game's position when the move
 * was decided. A daemon killed after journaling a move re-broadcasts the same signed transaction;
 * once it is mined the game has moved on and the next move has a new intent, so none is sent twice.
 * The journal signs one transaction at a time (nonce order) and waits for receipts outside its
 * lock, so the moves of many games are mined side by side.
 */
final class EngineDefence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineDefence.class);

  private final DisputeChain chain;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final Function<String, TraceSource> traces;
  private final Map<String, SolverDefender> defenders = new ConcurrentHashMap<>();

  /** Games whose move (or its receipt) is being worked on by a thread of an earlier loop. */
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

  /** Actions that gave up, said once in the log (the game is then decided by its clock). */
  private final Set<String> reportedGaveUp = ConcurrentHashMap.newKeySet();

  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dispute-", 0).factory());

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

  /**
   * Called on every loop while the job has open games; returns promptly (games still in flight are
   * skipped) and never blocks the daemon's loop.
   */
  void onOpenDisputes(Bytes32 jobId, int openDisputes) {
    String job = jobId.hex();
    SolverDefender defender =
        defenders.computeIfAbsent(job, k -> new SolverDefender(chain, traces.apply(k)));
    List<Long> ids = new ArrayList<>();
    for (long id : reader.view("games of job", () -> chain.gamesOf(Hash32.fromHex(job)))) {
      if (!inFlight.contains(id)) {
        ids.add(id);
      }
    }
    long now = reader.now();
    List<DisputeView> due = urgentFirst(read(job, ids), now);
    if (due.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    AtomicInteger sent = new AtomicInteger();
    List<CompletableFuture<Void>> moves = new ArrayList<>(due.size());
    for (DisputeView v : due) {
      if (!inFlight.add(v.gameId())) {
        continue;
      }
      moves.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  if (play(job, defender, v, now)) {
                    sent.incrementAndGet();
                  }
                } finally {
                  inFlight.remove(v.gameId());
                }
              },
              threads));
    }
    CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, e) -> {
              if (sent.get() > 0) {
                LOG.info(
                    "job {}: moves mined in {} of {} game(s) due, in {} ms",
                    job,
                    sent.get(),
                    moves.size(),
                    (System.nanoTime() - started) / 1_000_000);
              }
            });
  }

  /** The views of {@code ids}, read concurrently; a game that cannot be read is logged, skipped. */
  private List<DisputeView> read(String job, List<Long> ids) {
    List<CompletableFuture<DisputeView>> reads = new ArrayList<>(ids.size());
    for (long id : ids) {
      reads.add(
          CompletableFuture.supplyAsync(
                  () -> reader.view("gameView", () -> chain.view(id)), threads)
              .exceptionally(
                  e -> {
                    LOG.warn("job {} game {}: cannot read the game: {}", job, id, message(e));
                    return null;
                  }));
    }
    List<DisputeView> views = new ArrayList<>(ids.size());
    for (CompletableFuture<DisputeView> r : reads) {
      DisputeView v = r.join();
      if (v != null) {
        views.add(v);
      }
    }
    return views;
  }

  /**
   * The games where the solver has something to do at chain time {@code now}, most urgent first:
   * its own turns by deadline (earliest first), then the games whose challenger ran out of time.
   */
  static List<DisputeView> urgentFirst(List<DisputeView> views, long now) {
    Comparator<DisputeView> order =
        Comparator.<DisputeView>comparingInt(v -> v.turn() == Side.SOLVER ? 0 : 1)
            .thenComparingLong(DisputeView::deadline)
            .thenComparingLong(DisputeView::gameId);
    return views.stream()
        .filter(v -> !v.resolved())
        .filter(
            v ->
                (v.turn() == Side.SOLVER && now <= v.deadline())
                    || (v.turn() == Side.CHALLENGER && now > v.deadline()))
        .sorted(order)
        .toList();
  }

  /** Decides and sends one move in one game; true if a move was mined. Never throws. */
  private boolean play(String job, SolverDefender defender, DisputeView v, long now) {
    long game = v.gameId();
    String intent = null;
    try {
      Optional<Move> move = defender.decide(v, now);
      if (move.isEmpty()) {
        return false;
      }
      intent = Intents.disputeMove(game, chain.events(game).size(), move.get().name());
      long t0 = System.nanoTime();
      TransactionReceipt r = tx.send(intent, chain.address(), chain.encode(game, move.get()));
      LOG.info(
          "job {} game {}: played {} (gas {}, {} ms)",
          job,
          game,
          move.get().name(),
          r.getGasUsed(),
          (System.nanoTime() - t0) / 1_000_000);
      return true;
    } catch (TxPendingException e) {
      LOG.info("job {} game {}: waiting: {}", job, game, e.getMessage());
    } catch (IntentOnHoldException e) {
      if (!e.gaveUp()) {
        LOG.debug("job {} game {}: {}", job, game, e.getMessage());
      } else if (reportedGaveUp.add(e.action())) {
        LOG.error(
            "job {} game {}: needs an operator: {} (the other games go on; restart the daemon to"
                + " retry it)",
            job,
            game,
            e.getMessage());
      }
    } catch (TransactionRevertedException e) {
      LOG.warn("job {} game {}: {} refused: {}", job, game, intent, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("job {} game {}: move failed: {}", job, game, message(e));
    }
    return false;
  }

  private static String message(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** Stops the game threads (a move interrupted mid-send is resumed from the journal later). */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
