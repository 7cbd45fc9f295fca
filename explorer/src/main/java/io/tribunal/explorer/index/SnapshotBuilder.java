package io.tribunal.explorer.index;

import io.tribunal.protocol.dispute.Outcome;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Freezes a {@link Ledger} into a {@link Snapshot}, deriving the solvers' records and the models.
 */
final class SnapshotBuilder {
  private final Ledger ledger;

  SnapshotBuilder(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Counters of one solver, summed over jobs and games. */
  private static final class Tally {
    int claimed;
    int finalized;
    int cheated;
    int refunded;
    int won;
    int lost;
  }

  Snapshot build() {
    List<JobEntry> jobs = new ArrayList<>(ledger.jobs.size());
    Map<String, JobEntry> jobsById = new HashMap<>();
    Map<String, Tally> tallies = new TreeMap<>();
    for (JobState s : ledger.jobs.values()) {
      JobEntry j = s.entry();
      jobs.add(j);
      jobsById.put(j.id(), j);
      if (!j.solver().isEmpty()) {
        Tally t = tallies.computeIfAbsent(j.solver(), a -> new Tally());
        t.claimed++;
        switch (j.status()) {
          case "FINALIZED" -> t.finalized++;
          case "CHEATED" -> t.cheated++;
          case "REFUNDED" -> t.refunded++;
          default -> {}
        }
      }
    }
    Collections.reverse(jobs);
    List<GameEntry> games = new ArrayList<>();
    Map<Long, GameEntry> gamesById = new HashMap<>();
    Map<String, List<GameEntry>> gamesByJob = new HashMap<>();
    for (Ledger.Game g : ledger.games.values()) {
      if (g.view == null) {
        continue;
      }
      GameEntry e = new GameEntry(g.view, g.track.moves());
      games.add(e);
      gamesById.put(e.id(), e);
      gamesByJob.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e);
      if (g.view.resolved()) {
        Tally t = tallies.computeIfAbsent(g.view.solver().toLowerCase(), a -> new Tally());
        if (g.view.outcome() != Outcome.NONE && g.view.outcome().challengerWon()) {
          t.lost++;
        } else {
          t.won++;
        }
      }
    }
    Collections.reverse(games);
    gamesByJob.replaceAll((k, v) -> List.copyOf(v));
    List<SolverEntry> solvers = solvers(tallies);
    Map<String, SolverEntry> solversBy = new HashMap<>();
    solvers.forEach(s -> solversBy.put(s.address(), s));
    List<ModelEntry> models = models(jobs);
    Map<String, ModelEntry> modelsBy = new HashMap<>();
    models.forEach(m -> modelsBy.put(m.modelHash(), m));
    List<ChannelEntry> channels = new ArrayList<>();
    Map<String, ChannelEntry> channelsBy = new HashMap<>();
    ledger.channels.forEach(
        (id, c) -> {
          ChannelEntry e =
              new ChannelEntry(
                  id, c.payer, c.payee, c.deposit, c.claimed, c.expiry, c.status, c.openedBlock);
          channels.add(e);
          channelsBy.put(id, e);
        });
    Collections.reverse(channels);
    return new Snapshot(
        ledger.head,
        ledger.chainTime,
        ledger.network,
        List.copyOf(jobs),
        Map.copyOf(jobsById),
        List.copyOf(games),
        Map.copyOf(gamesById),
        Map.copyOf(gamesByJob),
        solvers,
        Map.copyOf(solversBy),
        models,
        Map.copyOf(modelsBy),
        List.copyOf(channels),
        Map.copyOf(channelsBy));
  }

  private List<SolverEntry> solvers(Map<String, Tally> tallies) {
    Map<String, Ledger.Operator> all = new TreeMap<>(ledger.operators);
    tallies.keySet().forEach(a -> all.putIfAbsent(a, new Ledger.Operator()));
    List<SolverEntry> out = new ArrayList<>();
    all.forEach(
        (a, o) -> {
          Tally t = tallies.getOrDefault(a, new Tally());
          BigInteger free = o.active.subtract(o.locked).max(BigInteger.ZERO);
          out.add(
              new SolverEntry(
                  a,
                  o.roles,
                  o.endpoint,
                  o.pricePerStep,
                  o.pricePerInferenceUnit,
                  o.active,
                  o.locked,
                  o.unbonding,
                  free,
                  t.claimed,
                  t.finalized,
                  t.cheated,
                  t.refunded,
                  t.won,
                  t.lost,
                  o.slashes,
                  o.slashed,
                  Reputation.of(t.finalized, t.cheated, t.refunded)));
        });
    return List.copyOf(out);
  }

  /** The finalized jobs, oldest first per model hash (the chain's {@code jobOfModel}). */
  private List<ModelEntry> models(List<JobEntry> newestFirst) {
    Map<String, List<Offer>> offersByModel = new HashMap<>();
    ledger.offers.values().stream()
        .flatMap(List::stream)
        .forEach(o -> offersByModel.computeIfAbsent(o.modelHash(), k -> new ArrayList<>()).add(o));
    Map<String, ModelEntry> byHash = new LinkedHashMap<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      JobEntry j = newestFirst.get(i);
      if (!j.status().equals("FINALIZED") || byHash.containsKey(j.modelHash())) {
        continue;
      }
      List<Offer> offers = offersByModel.getOrDefault(j.modelHash(), List.of());
      String spec = !j.spec().isEmpty() ? j.spec() : offers.isEmpty() ? "" : offers.get(0).spec();
      long time =
          j.timeline().stream()
              .filter(m -> m.name().equals("finalized"))
              .mapToLong(Milestone::time)
              .findFirst()
              .orElse(0);
      byHash.put(
          j.modelHash(),
          new ModelEntry(
              j.modelHash(),
              j.id(),
              j.solver(),
              j.modelSpecHash(),
              spec,
              j.batch(),
              j.datasetRoot(),
              j.datasetUri(),
              j.n() > 0 ? j.n() : j.steps(),
              time,
              ledger.heldOut(j.id()),
              offers));
    }
    List<ModelEntry> out = new ArrayList<>(byHash.values());
    Collections.reverse(out);
    return List.copyOf(out);
  }
}
