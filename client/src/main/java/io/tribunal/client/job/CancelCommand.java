package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tribunal job cancel <id>}: stops a signed request that is not on chain yet by invalidating
 * its nonce ({@code JobMarket.invalidateNonce}). A signed request is a promise anyone holding it
 * can submit until its claim deadline (a relay, a file from {@code --sign-only}); once its nonce is
 * used the market refuses it ({@code JobMarket_NonceUsed}). A job already on chain is not cancelled
 * but refunded.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a signed job request before it is submitted: invalidates its nonce on chain, so the",
      "market refuses the request from anyone. The nonce comes from the record 'job submit' keeps",
      "of every request it signs (~/.tribunal/requests), or --nonce. A job already on chain",
      "cannot be cancelled: see 'tribunal job refund'."
    })
public final class CancelCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.tribunal.client.sdk.SignerOptions signer;

  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "JOB_ID", description = "0x-prefixed job id.")
  String jobId;

  @Option(
      names = "--nonce",
      paramLabel = "N",
      description = "The request's nonce (default: from the record of the signed request).")
  BigInteger nonce;

  @Option(
      names = "--requests-dir",
      paramLabel = "DIR",
      description = "Where 'job submit' recorded the request (default: ~/.tribunal/requests).")
  Path requestsDir;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Bytes32 id = JobIds.parse(jobId);
    SignedRequests records =
        new SignedRequests(requestsDir != null ? requestsDir : SignedRequests.defaultDir());
    Optional<SignedRequests.Entry> record = records.find(id.hex());
    BigInteger n = nonceToCancel(id, record, records);
    String me = QuoteCommand.userOf(signer.keystore());
    if (record.isPresent() && !record.get().user().equalsIgnoreCase(me)) {
      throw new IllegalArgumentException(
          "job "
              + id
              + " was signed by "
              + record.get().user()
              + ", not by this keystore's "
              + me
              + "; only the signer can cancel it");
    }
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, Retry.command());
      Contracts k = Contracts.load(c, d, me);
      JobStatus s =
          JobStatus.of(reader.view("getJob", () -> k.market().getJob(id.bytes()).send()).status);
      if (s != JobStatus.NONE) {
        throw new IllegalArgumentException(
            "job "
                + id
                + " is already on chain ("
                + s
                + "): a submitted job cannot be cancelled; see 'tribunal job refund "
                + id
                + "'");
      }
      if (reader.view("isNonceUsed", () -> k.market().isNonceUsed(me, n).send())) {
        if (json.on()) {
          return printJson(id, n, me, null);
        }
        spec.commandLine()
            .getOut()
            .printf(
                "nonce %s of %s is already used (cancelled before, or by another of your jobs):"
                    + " the request for job %s can no longer be submitted; nothing sent%n",
                n, me, id);
        return 0;
      }
      Credentials key = signer.credentials();
      JobMarket market =
          JobMarket.load(k.marketAddress(), c.web3j(), c.transactionManager(key), c.gasProvider());
      TransactionReceipt receipt = market.invalidateNonce(n).send();
      if (json.on()) {
        return printJson(id, n, me, receipt.getTransactionHash());
      }
      spec.commandLine()
          .getOut()
          .printf(
              "cancelled job %s: nonce %s of %s invalidated (tx %s); the market now refuses its"
                  + " request%n",
              id, n, me, receipt.getTransactionHash());
    }
    return 0;
  }

  private int printJson(Bytes32 id, BigInteger n, String user, String tx) {
    java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("job", id.hex());
    doc.put("user", user);
    doc.put("nonce", n.toString());
    doc.put("cancelled", true);
    doc.put("tx", tx); // null: the nonce was already used, nothing sent
    io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), doc);
    return 0;
  }

  private BigInteger nonceToCancel(
      Bytes32 id, Optional<SignedRequests.Entry> record, SignedRequests records) {
    if (nonce != null) {
      if (nonce.signum() < 0 || nonce.bitLength() > 256) {
        throw new IllegalArgumentException("--nonce must be a uint256, got " + nonce);
      }
      if (record.isPresent() && !record.get().nonce().equals(nonce.toString())) {
        throw new IllegalArgumentException(
            "--nonce "
                + nonce
                + " is not the nonce "
                + record.get().nonce()
                + " recorded for job "
                + id
                + " in "
                + records.file(id.hex()));
      }
      return nonce;
    }
    return record
        .map(e -> new BigInteger(e.nonce()))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no signed request recorded for job "
                        + id
                        + " ("
                        + records.file(id.hex())
                        + "); pass --nonce N"));
  }
}
