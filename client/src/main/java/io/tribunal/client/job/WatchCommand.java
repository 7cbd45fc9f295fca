package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tribunal job watch <id>}: one line per change of a job, until it ends. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a job on-chain: one line each time it changes (claimed, committed, attested,",
      "disputed, finalized, refunded or slashed), with dates and tUSD amounts. Exits 0 when the",
      "job ends, 3 if --timeout passes first."
    })
public final class WatchCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "JOB_ID", description = "0x-prefixed job id.")
  String jobId;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Give up after this many seconds (0: wait until the job ends).")
  long timeoutSeconds;

  @Option(
      names = "--interval",
      paramLabel = "MILLIS",
      defaultValue = "1000",
      description = "How often to read the chain, in milliseconds.")
  long intervalMillis;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Bytes32 id = JobIds.parse(jobId);
    if (timeoutSeconds < 0 || intervalMillis < 100) {
      throw new IllegalArgumentException("--timeout must be >= 0 and --interval >= 100");
    }
    Deployment d = chain.deployment();
    PrintWriter out = spec.commandLine().getOut();
    try (TribunalChain c = chain.connect(d)) {
      return follow(c, d, id, out, timeoutSeconds, intervalMillis);
    }
  }

  /**
   * Prints a line each time job {@code id} changes until it ends (returns 0) or {@code
   * timeoutSeconds} pass (0: never; returns 3).
   */
  static int follow(
      TribunalChain c,
      Deployment d,
      Bytes32 id,
      PrintWriter out,
      long timeoutSeconds,
      long intervalMillis)
      throws Exception {
    ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.daemon(e -> {}));
    Contracts k = Contracts.load(c, d, d.address("JobMarket"));
    int decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
    long deadline =
        timeoutSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    String last = "";
    while (true) {
      JobMarket.JobView v = reader.view("getJob", () -> k.market().getJob(id.bytes()).send());
      JobStatus s = JobStatus.of(v.status);
      if (s == JobStatus.NONE) {
        throw new IllegalArgumentException("no job " + id + " on this chain");
      }
      String line = describe(s, v, decimals);
      if (!line.equals(last)) {
        out.println(Instant.ofEpochSecond(reader.now()) + "  " + line);
        out.flush();
        last = line;
      }
      if (s.terminal()) {
        return 0;
      }
      if (System.nanoTime() > deadline) {
        out.println("still " + s + " after " + timeoutSeconds + " s");
        out.flush();
        return 3;
      }
      Thread.sleep(intervalMillis);
    }
  }

  static String describe(JobStatus s, JobMarket.JobView v, int decimals) {
    String price = Amounts.tokens(v.price, decimals) + " tUSD";
    return switch (s) {
      case OPEN ->
          "OPEN: "
              + price
              + ", waiting for a solver until "
              + Instant.ofEpochSecond(v.claimDeadline.longValueExact());
      case CLAIMED ->
          "CLAIMED by "
              + v.solver
              + ": training "
              + v.steps
              + " steps, commit due by "
              + Instant.ofEpochSecond(v.commitDeadline.longValueExact());
      case COMMITTED ->
          "COMMITTED: "
              + v.attesters
              + " attestation(s), "
              + v.openDisputes
              + " open dispute(s); challenge window until "
              + Instant.ofEpochSecond(v.challengeDeadline.longValueExact());
      case FINALIZED ->
          "FINALIZED: model " + new Bytes32(v.finalModelHash) + "; the solver is paid " + price;
      case REFUNDED ->
          "REFUNDED: " + price + " back to the user's market balance ('tribunal withdraw')";
      case CHEATED -> "CHEATED: the solver was slashed; the user is refunded and compensated";
      case NONE -> "NONE";
    };
  }
}
