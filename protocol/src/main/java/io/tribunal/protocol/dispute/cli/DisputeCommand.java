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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tribunal dispute show <jobId>}: the games on a job, their moves and whose turn it is. */
@Command(
    name = "dispute",
    description = "Inspect dispute games.",
    mixinStandardHelpOptions = true,
    subcommands = {DisputeCommand.Show.class})
public final class DisputeCommand {

  /** Lists every game on the job with its moves (from events) and the deadline of the next one. */
  @Command(
      name = "show",
      description = "Show the dispute games of a job: state, moves so far, who must move by when.",
      mixinStandardHelpOptions = true)
  public static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "job id (0x + 64 hex digits)")
    String jobId;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(
        names = "--deployment",
        defaultValue = ".tribunal/devnet/deployment.json",
        description = "deployment.json with contract addresses (default: ${DEFAULT-VALUE}).")
    Path deployment;

    @Option(names = "--rpc-url", description = "JSON-RPC URL (overrides the deployment file's).")
    String rpcUrl;

    @Override
    public Integer call() throws Exception {
      Deployment d = Deployment.read(deployment);
      String url = rpcUrl == null ? d.rpcUrl() : rpcUrl;
      PrintWriter out = spec.commandLine().getOut();
      try (TribunalChain chain = TribunalChain.connect(url)) {
        DisputeChain games = DisputeChain.readOnly(chain, d);
        Hash32 job = Hash32.fromHex(jobId);
        List<DisputeReport> reports = new ArrayList<>();
        for (long id : games.gamesOf(job)) {
          reports.add(DisputeReport.of(games, id));
        }
        if (json) {
          out.println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(toJson(job, reports)));
        } else {
          printText(out, job, reports);
        }
      }
      return 0;
    }

    private static void printText(PrintWriter out, Hash32 job, List<DisputeReport> reports) {
      out.println("job " + job + ": " + reports.size() + " game(s)");
      for (DisputeReport r : reports) {
        DisputeView v = r.view();
        out.println();
        out.println(r.summary());
        if (!v.resolved()) {
          out.println(
              "  deadline "
                  + Instant.ofEpochSecond(v.deadline())
                  + " (chain time "
                  + v.deadline()
                  + ")");
        }
        out.println(
            "  clocks: solver " + v.solverClock() + " s, challenger " + v.challengerClock() + " s");
        for (GameEvent e : r.events()) {
          out.printf("  #%d %-10s %-16s %s%n", e.block(), e.side(), e.name(), e.detail());
        }
      }
    }

    private static Map<String, Object> toJson(Hash32 job, List<DisputeReport> reports) {
      List<Map<String, Object>> games = new ArrayList<>();
      for (DisputeReport r : reports) {
        DisputeView v = r.view();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("gameId", v.gameId());
        g.put("kind", v.kind().name());
        g.put("challenger", v.challenger());
        g.put("solver", v.solver());
        g.put("phase", v.phase().name());
        g.put("turn", v.turn().name());
        g.put("deadline", v.deadline());
        g.put("solverClock", v.solverClock());
        g.put("challengerClock", v.challengerClock());
        g.put("bond", v.bond());
        g.put("outcome", v.outcome().name());
        g.put("pinpoint", v.pinpoint().toString());
        v.pinpoint().step().ifPresent(s -> g.put("step", s));
        v.pinpoint().tensor().ifPresent(t -> g.put("tensor", t));
        v.pinpoint().row().ifPresent(x -> g.put("row", x));
        v.pinpoint().col().ifPresent(x -> g.put("col", x));
        g.put("atInit", v.pinpoint().atInit());
        g.put("moves", r.events());
        games.add(g);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("jobId", job.hex());
      root.put("games", games);
      return root;
    }
  }
}
