package io.tribunal.protocol.dispute.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every game on the chain, one line each, from {@code gameCount()} and {@code gameView(id)}. */
@Command(
    name = "list",
    description = {
      "List every dispute game on the chain, one line each.",
      "",
      "Reads gameCount() and gameView(id) for ids 1..gameCount. Columns:",
      "  GAME        game id (for resolveTimeout, closeSettled)",
      "  JOB         the disputed job (its games and moves: dispute show JOB)",
      "  CHALLENGER  who opened the game and posted the bond",
      "  KIND        TRANSITION (a training step is wrong), INIT (the initial",
      "              weights), MODEL (the final model hash is not h_n)",
      "  PHASE       where the game is: AWAIT_TRACE, PICK, REVEAL, ..., RESOLVED",
      "  TURN        SOLVER or CHALLENGER must move next; NONE once resolved",
      "  DEADLINE    chain time (UTC) by which that side must move; 'passed':",
      "              it ran out of time, anyone may call resolveTimeout",
      "  OUTCOME     NONE while running. Challenger won: LEAF_MISMATCH,",
      "              SOLVER_TIMED_OUT, NON_CANONICAL_PADDING, JOB_ALREADY_SETTLED.",
      "              Solver won (the bond is its): LEAF_MATCH,",
      "              CHALLENGER_TIMED_OUT, MODEL_PROVEN.",
      ""
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  tribunal dispute list",
      "  tribunal dispute list --open --rpc-url http://127.0.0.1:8545",
      "  tribunal dispute list --json"
    })
public final class DisputeListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DisputeCommand.ChainOptions chain;

  @Option(names = "--open", description = "only games still running (not RESOLVED)")
  boolean open;

  @Option(
      names = "--json",
      description =
          "print JSON: {chainTime, gameCount, listed, games: [{gameId, jobId, challenger,"
              + " solver, kind, phase, turn, deadline, deadlinePassed, solverClock,"
              + " challengerClock, bond, outcome, pinpoint}]}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Deployment d = chain.read();
    PrintWriter out = spec.commandLine().getOut();
    try (TribunalChain c = TribunalChain.connect(chain.url(d))) {
      DisputeChain games = DisputeChain.readOnly(c, d);
      long now = games.now();
      long count = games.gameCount();
      List<DisputeView> views = new ArrayList<>();
      for (long id = 1; id <= count; id++) {
        DisputeView v = games.summary(id);
        if (!open || !v.resolved()) {
          views.add(v);
        }
      }
      if (json) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("chainTime", now);
        root.put("gameCount", count);
        root.put("listed", views.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (DisputeView v : views) {
          list.add(DisputeCommand.gameJson(v, now));
        }
        root.put("games", list);
        out.println(DisputeCommand.JSON.writeValueAsString(root));
      } else {
        printTable(out, views, count, now);
      }
    }
    out.flush();
    return 0;
  }

  private void printTable(PrintWriter out, List<DisputeView> views, long count, long now) {
    long running = views.stream().filter(v -> !v.resolved()).count();
    out.println(
        count
            + " game(s) on the chain"
            + (open ? ", " + views.size() + " running" : ", " + running + " running")
            + " (chain time "
            + Instant.ofEpochSecond(now)
            + ")");
    if (views.isEmpty()) {
      return;
    }
    String fmt = "%-5s %-66s %-42s %-10s %-16s %-10s %-30s %s%n";
    out.printf(fmt, "GAME", "JOB", "CHALLENGER", "KIND", "PHASE", "TURN", "DEADLINE", "OUTCOME");
    for (DisputeView v : views) {
      out.printf(
          fmt,
          v.gameId(),
          v.jobId(),
          v.challenger(),
          v.kind(),
          v.phase(),
          v.turn(),
          DisputeCommand.deadline(v, now),
          v.outcome());
    }
  }
}
