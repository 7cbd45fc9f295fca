package io.tribunal.protocol.dispute.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.GameEvent;
import io.tribunal.protocol.dispute.Side;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tribunal dispute list} (every game on the chain) and {@code tribunal dispute show <jobId>}
 * (every game on one job, with its moves). Read-only: no key, no transaction.
 */
@Command(
    name = "dispute",
    description = {
      "Inspect dispute games (read-only: no key needed, nothing is sent).",
      "",
      "Anyone may open a game against a committed job while its challenge",
      "window is open, by posting a bond. A job can have many games at once,",
      "each between the solver and one challenger. The sides move in turns",
      "under chess clocks: the challenger points at the first part of the",
      "solver's trace it disagrees with, the solver reveals what it committed,",
      "until the chain recomputes one element (the liar loses) or the side to",
      "move runs out of time (it loses; anyone may then call resolveTimeout).",
      "The job pays out only once every game on it has ended."
    },
    mixinStandardHelpOptions = true,
    subcommands = {DisputeCommand.ListGames.class, DisputeCommand.Show.class},
    footer = {
      "",
      "Examples:",
      "  tribunal dispute list --open        running games: whose turn, deadline",
      "  tribunal dispute show 0x<jobId>     every game on a job, every move",
      "  tribunal dispute list --json | jq '.games[] | select(.turn == \"SOLVER\")'"
    })
public final class DisputeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list, show)");
  }

  /** {@code --deployment} and {@code --rpc-url}, shared by the dispute commands. */
  public static final class ChainOptions {
    @Option(
        names = "--deployment",
        paramLabel = "FILE",
        defaultValue = ".tribunal/devnet/deployment.json",
        description =
            "deployment.json naming the DisputeGame contract and its block (default:"
                + " ${DEFAULT-VALUE}).")
    Path deployment;

    @Option(
        names = "--rpc-url",
        paramLabel = "URL",
        description = "JSON-RPC URL of any EVM node (overrides the deployment file's).")
    String rpcUrl;

    Deployment read() {
      return Deployment.read(deployment);
    }

    String url(Deployment d) {
      return rpcUrl == null ? d.rpcUrl() : rpcUrl;
    }
  }

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
  public static final class ListGames implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ChainOptions chain;

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
            list.add(gameJson(v, now));
          }
          root.put("games", list);
          out.println(JSON.writeValueAsString(root));
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
            deadline(v, now),
            v.outcome());
      }
    }
  }

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
  public static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "job id (0x + 64 hex digits)")
    String jobId;

    @Option(
        names = "--json",
        description =
            "print JSON: {jobId, chainTime, games: [{gameId, kind, challenger, solver, phase,"
                + " turn, deadline, deadlinePassed, clocks, bond, outcome, pinpoint, moves}]}")
    boolean json;

    @Mixin ChainOptions chain;

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
        if (json) {
          out.println(JSON.writeValueAsString(toJson(job, reports, now)));
        } else {
          printText(out, job, reports, now);
        }
      }
      out.flush();
      return 0;
    }

    private static void printText(
        PrintWriter out, Hash32 job, List<DisputeReport> reports, long now) {
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
        out.println("  challenger " + v.challenger() + ", bond " + v.bond());
        if (!v.resolved()) {
          out.println("  deadline " + deadline(v, now) + " (chain time " + v.deadline() + ")");
        }
        out.println(
            "  clocks: solver " + v.solverClock() + " s, challenger " + v.challengerClock() + " s");
        for (GameEvent e : r.events()) {
          out.printf("  #%d %-10s %-16s %s%n", e.block(), e.side(), e.name(), e.detail());
        }
      }
    }

    private static Map<String, Object> toJson(Hash32 job, List<DisputeReport> reports, long now) {
      List<Map<String, Object>> games = new ArrayList<>();
      for (DisputeReport r : reports) {
        Map<String, Object> g = gameJson(r.view(), now);
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

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One game's fields, shared by {@code list} and {@code show}. */
  static Map<String, Object> gameJson(DisputeView v, long now) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("gameId", v.gameId());
    g.put("jobId", v.jobId().hex());
    g.put("kind", v.kind().name());
    g.put("challenger", v.challenger());
    g.put("solver", v.solver());
    g.put("phase", v.phase().name());
    g.put("turn", v.turn().name());
    g.put("deadline", v.deadline());
    g.put("deadlinePassed", !v.resolved() && now > v.deadline());
    g.put("solverClock", v.solverClock());
    g.put("challengerClock", v.challengerClock());
    g.put("bond", v.bond());
    g.put("outcome", v.outcome().name());
    if (v.resolved()) {
      g.put("winner", (v.outcome().challengerWon() ? Side.CHALLENGER : Side.SOLVER).name());
    }
    g.put("pinpoint", v.pinpoint().toString());
    v.pinpoint().step().ifPresent(s -> g.put("step", s));
    v.pinpoint().tensor().ifPresent(t -> g.put("tensor", t));
    v.pinpoint().row().ifPresent(x -> g.put("row", x));
    v.pinpoint().col().ifPresent(x -> g.put("col", x));
    g.put("atInit", v.pinpoint().atInit());
    return g;
  }

  /** The deadline in UTC, or "-" once resolved; "passed" when the side to move ran out of time. */
  static String deadline(DisputeView v, long now) {
    if (v.resolved()) {
      return "-";
    }
    return Instant.ofEpochSecond(v.deadline()) + (now > v.deadline() ? " passed" : "");
  }
}
