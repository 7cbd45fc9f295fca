package io.tribunal.node.daemon;

import io.tribunal.node.config.DaemonConfig;
import io.tribunal.node.metrics.Health;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.node.persist.JobTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The one job loop of the role daemons (solver, verifier, challenger). The skeleton owns the order
 * of start-up, the loop, the counters and the shutdown; a role fills in only its own steps:
 *
 * <ol>
 *   <li>{@link DaemonRuntime} opens (key, state DB, metrics, chain, contracts, transaction sender);
 *       the role's counters are declared;
 *   <li>{@link #wire()}: the role builds its parts ({@link #own} registers what close must stop);
 *   <li>the phase gauges ({@code P}'s names) and the balance gauges ({@link #staked()});
 *   <li>jobs held for an operator are released, {@link #afterRelease()}, then journaled
 *       transactions are resumed;
 *   <li>{@link #ready()}: the role's last step before the loop (e.g. stake and register).
 * </ol>
 *
 * <p>Each pass of the loop reads new confirmed JobMarket logs into {@link #intake}, then hands
 * every job not in a terminal phase of {@code P} to {@link #advance}, then runs {@link
 * #afterPass()}. Close stops the role's parts in reverse order, then the runtime.
 */
public abstract class RoleDaemon<P extends Enum<P> & LocalPhase> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleDaemon.class);

  protected final Metrics metrics;
  protected final Health health;
  private final DaemonConfig daemon;
  private final Class<P> phases;
  private final Map<String, String> counters;
  private final List<String> terminal;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private volatile boolean running = true;
  protected DaemonRuntime rt;
  private MarketPass pass;

  /**
   * @param role the metrics role label and the event cursor prefix ({@code <role>-market})
   * @param counters counter name to help text, declared at start; {@link #count} increments them
   */
  protected RoleDaemon(
      String role, DaemonConfig daemon, Class<P> phases, Map<String, String> counters) {
    this.metrics = new Metrics(role);
    this.health = DaemonRuntime.health(daemon);
    this.daemon = daemon;
    this.phases = phases;
    this.counters = Map.copyOf(counters);
    this.terminal = LocalPhase.terminalNames(phases);
  }

  /** False once the daemon was closed (or its loop ended). */
  public final boolean isRunning() {
    return running;
  }

  /** Starts everything and runs the loop until {@link #close()}. */
  public final void run() {
    start();
    rt.loop(() -> running, this::loopOnce);
  }

  /** The start-up sequence above; public so tests can drive passes with {@link #loopOnce()}. */
  public final void start() {
    rt = DaemonRuntime.start(daemon, metrics, health);
    counters.forEach(metrics::counter);
    wire();
    DaemonGauges.phases(rt, LocalPhase.names(phases));
    DaemonGauges.balances(rt, staked());
    MarketPass.releaseHeldJobs(rt.db());
    pass = new MarketPass(rt, metrics.role() + "-market");
    afterRelease();
    rt.tx().resumePending();
    ready();
  }

  /**
   * One pass: new logs to {@link #intake}, live jobs to {@link #advance}, then {@link #afterPass}.
   */
  public final void loopOnce() {
    pass.run(this::intake, terminal, this::advance);
    afterPass();
  }

  /** Builds the role's parts once the runtime is open. */
  protected abstract void wire();

  /** Whether the role keeps a stake (adds the stake gauges). */
  protected abstract boolean staked();

  /** After held jobs were released, before journaled transactions resume. */
  protected void afterRelease() {}

  /** The last step before the loop starts. */
  protected abstract void ready();

  /** New confirmed JobMarket logs, in chain order. */
  protected abstract void intake(List<Log> logs);

  /** One step for a job not in a terminal phase. */
  protected abstract void advance(JobTable.Row row);

  /** After each pass (e.g. work that is not per job). */
  protected void afterPass() {}

  /** Increments one of the declared counters. */
  protected final void count(String name) {
    String help = counters.get(name);
    if (help == null) {
      throw new IllegalArgumentException("undeclared counter " + name);
    }
    metrics.counter(name, help).inc();
  }

  /** Registers a part that {@link #close()} stops (in reverse order of registration). */
  protected final <T extends AutoCloseable> T own(T part) {
    parts.add(part);
    return part;
  }

  @Override
  public final void close() {
    running = false;
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("{}: closing {} failed: {}", metrics.role(), parts.get(i), e.getMessage());
      }
    }
    parts.clear();
    if (rt != null) {
      rt.close();
    }
  }
}
