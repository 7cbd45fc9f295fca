package io.tribunal.protocol.dispute.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.GameEvent;
import io.tribunal.protocol.dispute.OpNames;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Every game on one job, with its moves (from events) and who must move by when. */
@Command(
    name = "show",
    description = {
      "Show every dispute game on a job, with every move so far.",
      "",
      "Finds the games by their GameOpened events. For each: kind, phase,",
      "whose turn it is and the deadline, both chess clocks, the pinpoint",
      "narrowed so far (step, op, row, col), and every move with its block,",
      "side and arguments.",
      ""
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  tribunal dispute show 0x<jobId>",
      "  tribunal dispute show 0x<jobId> --json | jq '.games[] | {gameId, turn}'"
    })
public final class DisputeShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB_ID", description = "job id (0x + 64 hex digits)")
  String jobId;

  @Option(
      names = "--json",
      description =
          "print JSON: {jobId, chainTime, games: [{gameId, kind, challenger, solver, phase,"
              + " turn, deadline, deadlinePassed, clocks, bond, outcome, pinpoint, op (the pinpointed"
              + " op's name, once known), moves}]}")
  boolean json;

  @Mixin DisputeCommand.ChainOptions chain;

  @Override
  public Integer call() throws Exception {
    if (!jobId.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          "a job id is 0x followed by 64 hex digits, got '" + jobId + "'");
    }
    Hash32 job = Hash32.fromHex(jobId);
    Deployment d = chain.read();
    PrintWriter out = spec.commandLine().getOut();
    try (TribunalChain c = TribunalChain.connect(chain.url(d))) {
      DisputeChain games = DisputeChain.readOnly(c, d);
      long now = games.now();
      List<DisputeReport> reports = new ArrayList<>();
      for (long id : games.gamesOf(job)) {
        reports.add(DisputeReport.of(games, id));
      }
      List<String> ops = reports.isEmpty() ? List.of() : OpNames.of(games, job);
      if (json) {
        out.println(DisputeCommand.JSON.writeValueAsString(toJson(job, reports, ops, now)));
      } else {
        printText(out, job, reports, ops, now);
      }
    }
    out.flush();
    return 0;
  }

  private static void printText(
      PrintWriter out, Hash32 job, List<DisputeReport> reports, List<String> ops, long now) {
    long running = reports.stream().filter(r -> !r.view().resolved()).count();
    out.println(
        "job "
            + job
            + ": "
            + reports.size()
            + " game(s), "
            + running
            + " running (chain time "
            + Instant.ofEpochSecond(now)
            + ")");
    for (DisputeReport r : reports) {
      DisputeView v = r.view();
      out.println();
      out.println(r.summary());
      String op = OpNames.describe(v.pinpoint(), ops);
      if (!op.isEmpty()) {
        out.println("  op " + v.pinpoint().tensor().getAsInt() + " = " + op);
      }
      out.println("  challenger " + v.challenger() + ", bond " + v.bond());
      if (!v.resolved()) {
        out.println(
            "  deadline " + DisputeCommand.deadline(v, now) + " (chain time " + v.deadline() + ")");
      }
      out.println(
          "  clocks: solver " + v.solverClock() + " s, challenger " + v.challengerClock() + " s");
      for (GameEvent e : r.events()) {
        out.printf("  #%d %-10s %-16s %s%n", e.block(), e.side(), e.name(), e.detail());
      }
    }
  }

  private static Map<String, Object> toJson(
      Hash32 job, List<DisputeReport> reports, List<String> ops, long now) {
    List<Map<String, Object>> games = new ArrayList<>();
    for (DisputeReport r : reports) {
      Map<String, Object> g = DisputeCommand.gameJson(r.view(), now);
      String op = OpNames.describe(r.view().pinpoint(), ops);
      if (!op.isEmpty()) {
        g.put("op", op);
      }
      g.put("moves", r.events());
      games.add(g);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("jobId", job.hex());
    root.put("chainTime", now);
    root.put("games", games);
    return root;
  }
}
