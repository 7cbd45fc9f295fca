package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tribunal job result <id> --out DIR}: downloads the trained model from the solver's
 * endpoint registered on-chain and keeps it only if its state hash equals the model hash JobMarket
 * finalized. The file lands as DIR/checkpoints/&lt;sha256&gt;.ckpt (a core checkpoint store).
 */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = "Download and check a finalized job's model.")
public final class ResultCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "JOB_ID")
  String jobId;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Bytes32 id = Bytes32.fromHex(jobId);
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      Contracts contracts = Contracts.load(c, d, d.address("JobMarket"));
      JobMarket.JobView v = contracts.market().getJob(id.bytes()).send();
      if (JobStatus.of(v.status) != JobStatus.FINALIZED) {
        throw new IllegalArgumentException(
            "job " + id + " is " + JobStatus.of(v.status) + ", not FINALIZED");
      }
      Bytes32 expected = new Bytes32(v.finalModelHash);
      String endpoint = contracts.registry().metadataOf(v.solver).send().endpoint;
      URI url = URI.create(endpoint.replaceAll("/+$", "") + "/v1/jobs/" + id.hex() + "/model");
      HttpResponse<byte[]> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " answered HTTP " + r.statusCode());
      }
      String name =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())) + ".ckpt";
      Path dir = out.resolve("checkpoints");
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.write(file, r.body());
      ModelState model;
      try (Parallel p = Parallel.serial()) {
        model = CheckpointStore.open(out, false).load(name);
        String actual = model.hash(p).hex();
        if (!actual.equalsIgnoreCase(expected.hex())) {
          Files.delete(file);
          throw new IllegalStateException(
              "downloaded model hashes to " + actual + ", the chain finalized " + expected);
        }
      }
      spec.commandLine()
          .getOut()
          .println("model " + expected + " (step " + model.step() + ") verified: " + file);
    }
    return 0;
  }
}
