package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobStatus;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tribunal job refund <id>}: the price back of a job nobody claimed, or nobody committed.
 */
@Command(
    name = "refund",
    mixinStandardHelpOptions = true,
    description = {
      "Get the price back of a job nobody claimed by its claim deadline, or whose solver did not",
      "commit by the commit deadline (the solver then loses part of its collateral). The price",
      "goes to your market balance; 'tribunal withdraw' sends it to your wallet. Anyone may send",
      "the refund; the money always goes to the job's user."
    })
public final class RefundCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.tribunal.client.sdk.SignerOptions signer;

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
      ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.command());
      Contracts k = Contracts.load(c, d, d.address("JobMarket"));
      JobMarket.JobView v = reader.view("getJob", () -> k.market().getJob(id.bytes()).send());
      JobStatus s = JobStatus.of(v.status);
      long now = reader.now();
      Refundability r = Refundability.of(v, now);
      if (!r.now()) {
        throw new IllegalArgumentException("job " + id + " is " + s + ": " + r.why());
      }
      Credentials me = signer.credentials();
      JobMarket market =
          JobMarket.load(
              d.address("JobMarket"), c.web3j(), c.transactionManager(me), c.gasProvider());
      TransactionReceipt receipt =
          s == JobStatus.OPEN
              ? market.refundUnclaimed(id.bytes()).send()
              : market.refundUncommitted(id.bytes()).send();
      int decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
      if (json.on()) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("job", id.hex());
        doc.put("user", v.user);
        doc.put("refundedUnits", v.price.toString());
        doc.put("tx", receipt.getTransactionHash());
        io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), doc);
        return 0;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "refunded %s tUSD to %s's market balance (tx %s); run 'tribunal withdraw' to take it%n",
              Amounts.tokens(v.price, decimals), v.user, receipt.getTransactionHash());
    }
    return 0;
  }

  /** Whether a job can be refunded at {@code now}, and when or why not. */
  record Refundability(boolean now, String why) {
    static Refundability of(JobMarket.JobView v, long now) {
      JobStatus s = JobStatus.of(v.status);
      long claimBy = v.claimDeadline.longValueExact();
      long commitBy = v.commitDeadline.longValueExact();
      return switch (s) {
        case OPEN ->
            now > claimBy
                ? new Refundability(true, "nobody claimed it by " + Instant.ofEpochSecond(claimBy))
                : new Refundability(
                    false,
                    "refundable if nobody claims it by "
                        + Instant.ofEpochSecond(claimBy)
                        + " (in "
                        + (claimBy - now + 1)
                        + " s)");
        case CLAIMED ->
            now > commitBy
                ? new Refundability(
                    true, "its solver did not commit by " + Instant.ofEpochSecond(commitBy))
                : new Refundability(
                    false,
                    "refundable if its solver does not commit by "
                        + Instant.ofEpochSecond(commitBy)
                        + " (in "
                        + (commitBy - now + 1)
                        + " s)");
        default -> new Refundability(false, "only OPEN or CLAIMED jobs are refunded");
      };
    }
  }
}
