package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.job.SubmitJobCall;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tribunal job submit}: signs the EIP-712 JobRequest and an EIP-2612 permit for the price,
 * then submits directly (the user pays gas) or through a solver's relay ({@code --relay URL}: the
 * user needs no ETH). Prints the job id. Every signed request is recorded ({@link SignedRequests})
 * before it leaves the machine, so {@code job cancel} can invalidate its nonce; {@code --sign-only}
 * writes the signed body to a file instead of sending it, {@code --dry-run} only quotes.
 *
 * <p>Longer than 250 lines on purpose: the four ways to send (direct, relay, sign-only, dry-run)
 * share the signing and the record-before-send step, which must stay in one visible sequence.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Sign and submit a training job (directly, or through a solver's relay).",
      "--dry-run quotes it as 'job quote' does; --sign-only --out FILE signs without sending."
    })
public final class SubmitCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.tribunal.client.sdk.SignerOptions signer;

  @Mixin ChainOptions chain;

  @Mixin JobRequestOptions job;

  @Option(
      names = "--relay",
      description = "A solver's relay URL (POST /v1/jobs); else submit directly.")
  URI relay;

  @Option(
      names = "--dry-run",
      description = "Only quote the job (as 'job quote'): sign nothing, send nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "With --dry-run: print the quote as JSON.")
  boolean json;

  @Option(
      names = "--sign-only",
      description =
          "Sign the request and permit and write them to --out (a relay's POST /v1/jobs body)"
              + " without sending anything; 'job cancel' can still stop it.")
  boolean signOnly;

  @Option(names = "--out", paramLabel = "FILE", description = "Where --sign-only writes.")
  Path out;

  @Option(
      names = "--requests-dir",
      paramLabel = "DIR",
      description =
          "Where every signed request is recorded for 'job cancel' (default:"
              + " ~/.tribunal/requests).")
  Path requestsDir;

  @Option(
      names = "--wait",
      description =
          "After submitting, follow the job (as 'job watch') until it ends; the lines go to"
              + " stderr, the job id alone to stdout.")
  boolean waitForEnd;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    job.checkShape();
    checkModes();
    if (dryRun) {
      return QuoteCommand.run(
          chain, job, QuoteCommand.userOf(signer.keystore()), json, spec.commandLine().getOut());
    }
    Credentials user = signer.credentials();
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, Retry.command());
      Contracts contracts = Contracts.load(c, d, user.getAddress());
      int decimals =
          reader.view("decimals", () -> contracts.token().decimals().send()).intValueExact();
      BigInteger price = job.price(decimals).orElseThrow();
      BigInteger collateral = job.collateral(decimals, price);
      JobRequestBuilder.Built built = job.build(user.getAddress(), price, collateral, reader.now());
      spec.commandLine()
          .getErr()
          .printf(
              "signing job: %s on %s, %d steps, batch %d, lr %s; price %s tUSD (%s units),"
                  + " collateral %s tUSD; a solver must claim it within %d s%n",
              job.model,
              job.dataset,
              job.steps,
              job.batch,
              job.lr,
              Amounts.tokens(price, decimals),
              price,
              Amounts.tokens(collateral, decimals),
              job.claimWindow);
      spec.commandLine().getErr().flush();
      Eip712Domain domain = contracts.marketDomain();
      EcdsaSignature sig = built.request().sign(domain, user);
      BigInteger tokenNonce =
          reader.view("nonces", () -> contracts.token().nonces(user.getAddress()).send());
      SignedPermit permit =
          SignedPermit.sign(
              new Eip2612Permit(
                  user.getAddress(),
                  contracts.marketAddress(),
                  price,
                  tokenNonce,
                  built.request().claimDeadline()),
              Eip712Domain.testUsd(c.chainId(), contracts.tokenAddress()),
              user);
      String jobId = built.request().digest(domain).hex();
      SignedSubmission s =
          SignedSubmission.of(
              c.chainId(),
              contracts.marketAddress(),
              built.request(),
              sig,
              Optional.of(permit),
              built.hyperParams(),
              built.spec());
      // recorded before the request leaves this machine: 'job cancel' needs its nonce
      new SignedRequests(requestsDir != null ? requestsDir : SignedRequests.defaultDir())
          .record(
              new SignedRequests.Entry(
                  jobId,
                  user.getAddress(),
                  built.request().nonce().toString(),
                  built.request().claimDeadline().toString(),
                  c.chainId(),
                  contracts.marketAddress()));
      if (signOnly) {
        writeOwnerOnly(out, s.toJson());
        spec.commandLine()
            .getErr()
            .printf(
                "signed, not sent: %s holds the request and permit (POST it to a relay's /v1/jobs"
                    + " before the claim deadline); 'tribunal job cancel %s' stops it%n",
                out, jobId);
      } else if (relay != null) {
        postToRelay(s);
      } else {
        JobMarket market =
            JobMarket.load(
                contracts.marketAddress(), c.web3j(), c.transactionManager(user), c.gasProvider());
        SubmitJobCall.of(
                market,
                built.request(),
                sig.toBytes(),
                permit.forJobMarket(),
                built.hyperParams(),
                built.spec())
            .send();
      }
      spec.commandLine().getOut().println(jobId);
      spec.commandLine().getOut().flush();
      if (waitForEnd) {
        return WatchCommand.follow(
            c, d, Bytes32.fromHex(jobId), spec.commandLine().getErr(), 0, 1000);
      }
    }
    return 0;
  }

  /** Option combinations that make no sense, refused before anything is read or signed. */
  private void checkModes() {
    if (dryRun && (signOnly || waitForEnd || relay != null)) {
      throw new IllegalArgumentException(
          "--dry-run sends nothing: drop --sign-only, --relay, --wait");
    }
    if (!dryRun && json) {
      throw new IllegalArgumentException("--json is for --dry-run (a submit prints the job id)");
    }
    if (signOnly && (relay != null || waitForEnd)) {
      throw new IllegalArgumentException("--sign-only sends nothing: drop --relay and --wait");
    }
    if (signOnly != (out != null)) {
      throw new IllegalArgumentException("--sign-only and --out FILE go together");
    }
    if (!dryRun && job.priceText == null) {
      throw new IllegalArgumentException(
          "--price is required (see 'tribunal job quote' or --dry-run for a suggested price)");
    }
  }

  private static void writeOwnerOnly(Path file, String text) throws java.io.IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp =
        java.nio.file.Files.createTempFile(
            dir,
            ".signed-",
            ".tmp",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    java.nio.file.Files.writeString(tmp, text);
    java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void postToRelay(SignedSubmission s) throws Exception {
    URI url = URI.create(relay.toString().replaceAll("/+$", "") + "/v1/jobs");
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(url)
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(s.toJson()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
      throw new IllegalStateException(
          "cannot reach the relay at "
              + url
              + " ("
              + (e.getMessage() == null ? "connection refused" : e.getMessage())
              + "); nothing was sent");
    }
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "relay " + url + " refused the job (HTTP " + r.statusCode() + "): " + r.body());
    }
  }
}
