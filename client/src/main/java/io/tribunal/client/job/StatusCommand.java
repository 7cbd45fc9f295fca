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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tribunal job status <id>}: the job's on-chain state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a job's on-chain state.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "JOB_ID", description = "0x-prefixed job id.")
  String jobId;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Bytes32 id = JobIds.parse(jobId);
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      JobMarket.JobView v =
          Contracts.load(c, d, d.address("JobMarket")).market().getJob(id.bytes()).send();
      JobStatus s = JobStatus.of(v.status);
      PrintWriter out = spec.commandLine().getOut();
      if (json.on()) {
        return printJson(out, id, v, s, c);
      }
      out.println("job:          " + id);
      out.println("status:       " + s);
      if (s == JobStatus.NONE) {
        return 3;
      }
      ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.command());
      int decimals =
          reader
              .view(
                  "decimals",
                  () -> Contracts.load(c, d, d.address("JobMarket")).token().decimals().send())
              .intValueExact();
      out.println("user:         " + v.user);
      out.println(
          "price:        "
              + Amounts.tokens(v.price, decimals)
              + " tUSD  collateral: "
              + Amounts.tokens(v.collateral, decimals)
              + " tUSD  steps: "
              + v.steps);
      if (s == JobStatus.OPEN || s == JobStatus.CLAIMED) {
        RefundCommand.Refundability r = RefundCommand.Refundability.of(v, reader.now());
        out.println(
            "refund:       "
                + (r.now()
                    ? "available now (" + r.why() + "): tribunal job refund " + id
                    : r.why()));
      }
      out.println("solver:       " + v.solver);
      out.println("trace root:   " + new Bytes32(v.traceRoot));
      out.println("model hash:   " + new Bytes32(v.finalModelHash));
      out.println("challenge by: " + v.challengeDeadline + "  disputes open: " + v.openDisputes);
      out.println("attesters:    " + v.attesters);
    }
    return 0;
  }

  private static int printJson(
      PrintWriter out, Bytes32 id, JobMarket.JobView v, JobStatus s, TribunalChain c) {
    java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("job", id.hex());
    doc.put("status", s.name());
    if (s != JobStatus.NONE) {
      doc.put("user", v.user);
      doc.put("priceUnits", v.price.toString());
      doc.put("collateralUnits", v.collateral.toString());
      doc.put("steps", v.steps.longValueExact());
      if (s == JobStatus.OPEN || s == JobStatus.CLAIMED) {
        long now = new ChainReader(c, io.tribunal.protocol.chain.Retry.command()).now();
        RefundCommand.Refundability r = RefundCommand.Refundability.of(v, now);
        doc.put("refundableNow", r.now());
        doc.put("refund", r.why());
      }
      doc.put("solver", v.solver);
      doc.put("traceRoot", new Bytes32(v.traceRoot).hex());
      doc.put("modelHash", new Bytes32(v.finalModelHash).hex());
      doc.put("challengeDeadline", v.challengeDeadline.longValueExact());
      doc.put("openDisputes", v.openDisputes.longValueExact());
      doc.put("attesters", v.attesters);
    }
    io.tribunal.client.sdk.JsonOutput.print(out, doc);
    return s == JobStatus.NONE ? 3 : 0;
  }
}
