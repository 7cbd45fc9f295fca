package io.tribunal.protocol.replay;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Replayer;
import io.tribunal.core.train.StepEngine;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobHashes;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a solver's published work against its on-chain commitment and the user's signed request:
 * the manifest must describe exactly the committed run (trace root, final state hash = committed
 * model hash, n, K, seed, dataset, model and hyper-parameters), checkpoint 0 must be the honest
 * initial state, and every transition asked for must replay (core's {@link Replayer}, which
 * recomputes the whole interval the transition lies in) to the committed checkpoint. The first
 * problem found is reported; nothing here touches the chain.
 *
 * <p>A mismatch is reported only for what a completed check proved: a manifest that contradicts the
 * commitment or the request, or a replay that produced different bits. Anything that stops the
 * check from completing (the local dataset missing or unreadable, the checkpoint server
 * unreachable, a download cut short, a file that does not parse) is {@code unavailable}: the caller
 * retries later and accuses nobody, because an honest party's own environment fault must never be
 * reported as someone else's cheat.
 *
 * <p>Longer than 250 lines on purpose: its checks share one report and one rule (only a completed
 * check may accuse).
 */
public final class CommitmentCheck {
  private final DatasetSource datasets;
  private final int threads;
  private final CheckpointFetcher fetcher = new CheckpointFetcher();

  /**
   * What a check found.
   *
   * @param manifest the solver's manifest, when it could be fetched
   * @param problem the first mismatch a completed check proved, empty when none
   * @param unavailable why the check could not complete (environment or data not obtainable); empty
   *     when it completed
   * @param withheld the check could not complete because data the solver must serve (its manifest,
   *     its checkpoints) could not be fetched from its endpoint: what an on-chain data demand is
   *     for
   * @param replayed what each replayed transition went through (when it completed)
   */
  public record Report(
      Optional<Manifest> manifest,
      Optional<String> problem,
      Optional<String> unavailable,
      boolean withheld,
      SortedMap<Long, Replayed> replayed) {
    public boolean matches() {
      return problem.isEmpty() && unavailable.isEmpty();
    }

    public boolean mismatch() {
      return problem.isPresent();
    }

    /** Every asked transition matched; {@code replayed} holds what each one went through. */
    public static Report matched(Manifest m, SortedMap<Long, Replayed> replayed) {
      return new Report(Optional.of(m), Optional.empty(), Optional.empty(), false, replayed);
    }

    public static Report mismatch(Manifest m, String problem) {
      return new Report(
          Optional.ofNullable(m), Optional.of(problem), Optional.empty(), false, new TreeMap<>());
    }

    /** A check that could not complete; {@code m} may be null (no manifest fetched). */
    public static Report unavailable(Manifest m, String reason) {
      return new Report(
          Optional.ofNullable(m), Optional.empty(), Optional.of(reason), false, new TreeMap<>());
    }

    /** The solver's endpoint did not serve what it must; {@code m} may be null. */
    public static Report withheld(Manifest m, String reason) {
      return new Report(
          Optional.ofNullable(m), Optional.empty(), Optional.of(reason), true, new TreeMap<>());
    }
  }

  /**
   * What a replayed transition i went through: the state hashes h_i and h_{i+1} (the per-step
   * leaves the dispute game uses), which a verifier's attestation commits to.
   */
  public record Replayed(Hash32 before, Hash32 after) {}

  /** A check that could not complete: not a verdict on the solver. */
  static final class Unavailable extends RuntimeException {
    final boolean withheld;

    Unavailable(String message, Throwable cause) {
      this(message, cause, false);
    }

    Unavailable(String message, Throwable cause, boolean withheld) {
      super(message, cause);
      this.withheld = withheld;
    }
  }

  public CommitmentCheck(DatasetSource datasets, int threads) {
    this.datasets = datasets;
    this.threads = threads;
  }

  /**
   * The solver's published step tree ({@code GET .../steps}), checked against the committed step
   * root: the tree, or why not (the solver did not serve it: {@code unavailable}, withheld; it
   * served one that is not the committed one: {@code problem}).
   */
  public record StepTreeFetch(
      Optional<StepTree> tree, Optional<String> problem, Optional<String> unavailable) {}

  /** Fetches {@code steps.json} from {@code endpoint} into {@code dir} and checks its root. */
  public StepTreeFetch stepTree(String endpoint, String jobId, Path dir, Hash32 committedRoot) {
    Path file = dir.resolve("steps.json");
    try {
      fetcher.fetch(endpoint, jobId, "steps", file);
    } catch (RuntimeException e) {
      return new StepTreeFetch(
          Optional.empty(),
          Optional.empty(),
          Optional.of("cannot fetch the step tree from " + endpoint + ": " + e.getMessage()));
    }
    StepTree tree;
    try {
      tree = StepTree.read(file);
    } catch (IllegalArgumentException e) {
      return new StepTreeFetch(Optional.empty(), Optional.of(e.getMessage()), Optional.empty());
    }
    if (!tree.root().equals(committedRoot)) {
      return new StepTreeFetch(
          Optional.empty(),
          Optional.of(
              "the served step tree has root "
                  + tree.root()
                  + ", the committed one "
                  + committedRoot),
          Optional.empty());
    }
    return new StepTreeFetch(Optional.of(tree), Optional.empty(), Optional.empty());
  }

  /** One transition per checkpoint interval: replaying them recomputes every committed step. */
  public static SortedSet<Long> everyInterval(long steps, long interval) {
    TreeSet<Long> out = new TreeSet<>();
    for (long s = 0; s < steps; s += interval) {
      out.add(s);
    }
    return out;
  }

  /**
   * Fetches what is needed from {@code endpoint} into {@code dir} and checks it. Unreachable or
   * missing data is a problem too (a solver that withholds its checkpoints cannot be verified).
   */
  public Report check(
      String endpoint,
      String jobId,
      Path dir,
      JobMarket.JobView v,
      JobRequest r,
      SortedSet<Long> transitions) {
    if (endpoint.isBlank()) {
      return Report.withheld(null, "the solver publishes no endpoint");
    }
    Manifest m;
    try {
      fetcher.fetch(endpoint, jobId, "manifest", dir.resolve("manifest.json"));
      m = CheckpointStore.open(dir, false).readManifest().orElseThrow();
    } catch (RuntimeException e) {
      return Report.withheld(
          null, "cannot fetch the manifest from " + endpoint + ": " + e.getMessage());
    }
    try {
      SortedMap<Long, Replayed> replayed = new TreeMap<>();
      return replay(endpoint, jobId, dir, m, v, r, transitions, replayed)
          .map(problem -> Report.mismatch(m, problem))
          .orElseGet(() -> Report.matched(m, replayed));
    } catch (Unavailable e) {
      return e.withheld
          ? Report.withheld(m, e.getMessage())
          : Report.unavailable(m, e.getMessage());
    } catch (RuntimeException e) {
      return Report.unavailable(m, "the check did not complete: " + e.getMessage());
    }
  }

  private Optional<String> replay(
      String endpoint,
      String jobId,
      Path dir,
      Manifest m,
      JobMarket.JobView v,
      JobRequest r,
      SortedSet<Long> transitions,
      SortedMap<Long, Replayed> replayed) {
    CheckpointStore store = CheckpointStore.open(dir, false);
    try (Parallel p = Parallel.of(threads)) {
      DatasetSplit split;
      try {
        split = datasets.loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), p);
      } catch (RuntimeException e) {
        throw new Unavailable(
            "the dataset " + r.datasetURI() + " is not available here: " + e.getMessage(), e);
      }
      Optional<String> bad = checkManifest(m, v, r, split.train().size());
      if (bad.isPresent()) {
        return bad;
      }
      Hash32 honestInit =
          new StepEngine(m.config().toTrainingConfig(), split.train()).initial().hash(p);
      Manifest.CheckpointEntry first =
          m.at(0).orElseThrow(() -> new IllegalStateException("manifest lacks checkpoint 0"));
      if (!honestInit.hex().equalsIgnoreCase(first.stateHash())) {
        return Optional.of(
            "checkpoint 0 is " + first.stateHash() + ", the honest initial state is " + honestInit);
      }
      long k = m.config().interval();
      for (long i : transitions) {
        long base = i / k * k;
        Manifest.CheckpointEntry e =
            m.at(base)
                .orElseThrow(() -> new IllegalStateException("manifest lacks checkpoint " + base));
        try {
          fetcher.fetch(endpoint, jobId, "checkpoints/" + e.file(), store.fileOf(e.file()));
        } catch (RuntimeException ex) {
          throw new Unavailable(
              "cannot fetch checkpoint " + base + " from " + endpoint + ": " + ex.getMessage(),
              ex,
              true);
        }
        Replayer.Outcome o = new Replayer(store, p).replay(split.train(), i);
        replayed.put(i, new Replayed(o.stateBefore(), o.stateAfter()));
        if (!o.matches()) {
          return Optional.of(
              "transition "
                  + i
                  + ": recomputed "
                  + o.recomputedAtCheckpoint()
                  + " at step "
                  + o.verifiedAt()
                  + ", committed "
                  + o.expectedAtCheckpoint());
        }
      }
    }
    return Optional.empty();
  }

  /** Empty if the manifest describes exactly the committed, requested run; else the problem. */
  public static Optional<String> checkManifest(
      Manifest m, JobMarket.JobView v, JobRequest r, long datasetSize) {
    Manifest.Config c = m.config();
    if (m.result() == null) {
      return Optional.of("the solver's manifest has no result");
    }
    if (!m.result().traceRoot().equalsIgnoreCase(new Bytes32(v.traceRoot).hex())) {
      return Optional.of(
          "manifest trace root " + m.result().traceRoot() + " is not the committed one");
    }
    if (!m.result().finalStateHash().equalsIgnoreCase(new Bytes32(v.finalModelHash).hex())) {
      return Optional.of("committed model hash is not the final state hash");
    }
    if (m.at(c.steps())
        .filter(e -> e.stateHash().equalsIgnoreCase(m.result().finalStateHash()))
        .isEmpty()) {
      return Optional.of("the manifest's final state hash is not its last checkpoint's");
    }
    if (c.steps() != v.steps.longValueExact()
        || c.interval() != v.checkpointInterval.longValueExact()
        || c.seed() != r.seed().longValueExact()
        || !c.datasetRoot().equalsIgnoreCase(r.datasetRoot().hex())) {
      return Optional.of("manifest config does not match the request/commitment");
    }
    if (!JobHashes.modelSpecHash(MlpSpec.parse(c.model())).equals(r.modelSpecHash())) {
      return Optional.of("model " + c.model() + " does not match modelSpecHash");
    }
    if (!JobHashes.HyperParams.of(c.batch(), c.learningRate(), datasetSize)
        .hash()
        .equals(r.hyperParamsHash())) {
      return Optional.of("batch/lr do not match hyperParamsHash");
    }
    return Optional.empty();
  }
}
