package io.tribunal.protocol.dispute.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.bindings.Deployment;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Side;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    subcommands = {DisputeListCommand.class, DisputeShowCommand.class},
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

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
