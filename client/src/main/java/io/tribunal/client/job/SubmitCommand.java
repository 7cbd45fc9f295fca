package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
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

  @Option(names = "--price", required = true, description = "Price in token base units.")
  BigInteger price;

  @Option(names = "--collateral", description = "Solver collateral required (default: 2 x price).")
  BigInteger collateral;

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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Credentials user = new KeySource(keystore, Optional.ofNullable(passwordFile)).load();
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, Retry.command());
      Contracts contracts = Contracts.load(c, d, user.getAddress());
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
              collateral == null ? price.shiftLeft(1) : collateral,
              reader.now(),
              claimWindow,
              commitWindow,
              datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir());
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
    }
    return 0;
  }

  private void postToRelay(SignedSubmission s) throws Exception {
    URI url = URI.create(relay.toString().replaceAll("/+$", "") + "/v1/jobs");
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(s.toJson()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "relay " + url + " refused the job (HTTP " + r.statusCode() + "): " + r.body());
    }
  }
}
