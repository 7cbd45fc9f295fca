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
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.config.KeySource;
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
 * user needs no ETH). Prints the job id.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Sign and submit a training job.")
public final class SubmitCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Option(names = "--keystore", required = true, description = "The user's keystore V3 file.")
  Path keystore;

  @Option(
      names = "--password-file",
      description = "Keystore password file (else TRIBUNAL_PASSWORD or a prompt).")
  Path passwordFile;

  @Option(names = "--model", defaultValue = "mlp:784-128-10", description = "Model spec.")
  String model;

  @Option(
      names = "--dataset",
      defaultValue = "mnist",
      description = "mnist, a CSV path, or a file:/http(s): URI.")
  String dataset;

  @Option(names = "--steps", required = true, description = "SGD steps.")
  long steps;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size.")
  int batch;

  @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (decimal).")
  String lr;

  @Option(names = "--seed", defaultValue = "1", description = "Job seed.")
  long seed;

  @Option(
      names = "--price",
      required = true,
      paramLabel = "TOKENS",
      description =
          "What you pay the solver, in tokens (25 or 2.5 tUSD); base units with the suffix"
              + " 'units' (25000000units).")
  String priceText;

  @Option(
      names = "--collateral",
      paramLabel = "TOKENS",
      description = "Collateral the solver must lock, in tokens like --price (default: 2 x price).")
  String collateralText;

  @Option(
      names = "--claim-window",
      defaultValue = "3600",
      description = "Seconds a solver has to claim.")
  long claimWindow;

  @Option(
      names = "--commit-window",
      defaultValue = "86400",
      description = "Seconds after the claim deadline to commit.")
  long commitWindow;

  @Option(
      names = "--relay",
      description = "A solver's relay URL (POST /v1/jobs); else submit directly.")
  URI relay;

  @Option(names = "--dataset-cache", description = "Dataset cache directory.")
  Path datasetCache;

  @Option(
      names = "--wait",
      description =
          "After submitting, follow the job (as 'job watch') until it ends; the lines go to"
              + " stderr, the job id alone to stdout.")
  boolean waitForEnd;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    }
    Credentials user = new KeySource(keystore, Optional.ofNullable(passwordFile)).load();
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, Retry.command());
      Contracts contracts = Contracts.load(c, d, user.getAddress());
      int decimals =
          reader.view("decimals", () -> contracts.token().decimals().send()).intValueExact();
      BigInteger price = Amounts.toBaseUnits(priceText, decimals, "--price");
      BigInteger collateral =
          collateralText == null
              ? price.shiftLeft(1)
              : Amounts.toBaseUnits(collateralText, decimals, "--collateral");
      JobRequestBuilder.Built built =
          JobRequestBuilder.build(
              user.getAddress(),
              model,
              dataset,
              steps,
              batch,
              lr,
              seed,
              price,
              collateral,
              reader.now(),
              claimWindow,
              commitWindow,
              datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir());
      spec.commandLine()
          .getErr()
          .printf(
              "signing job: %s on %s, %d steps, batch %d, lr %s; price %s tUSD (%s units),"
                  + " collateral %s tUSD; a solver must claim it within %d s%n",
              model,
              dataset,
              steps,
              batch,
              lr,
              Amounts.tokens(price, decimals),
              price,
              Amounts.tokens(collateral, decimals),
              claimWindow);
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
      if (relay != null) {
        SignedSubmission s =
            SignedSubmission.of(
                c.chainId(),
                contracts.marketAddress(),
                built.request(),
                sig,
                Optional.of(permit),
                built.hyperParams(),
                built.spec());
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
