package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.da.DataChain;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A finalized job's model, fetched and kept only if it hashes to the model hash the chain
 * finalized: from the solver's endpoint, or rebuilt from the rows published on-chain for a data
 * demand of the job's final state.
 */
final class FinalizedModel {
  private FinalizedModel() {}

  /** The model from the solver's endpoint, checked against the finalized hash. */
  static ModelState download(String endpoint, Bytes32 id, Bytes32 expected)
      throws IOException, InterruptedException {
    if (endpoint.isBlank()) {
      throw new IllegalStateException("the solver publishes no endpoint");
    }
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
    Path tmp = Files.createTempDirectory("tribunal-result");
    try {
      String name =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())) + ".ckpt";
      Path dir = tmp.resolve("checkpoints");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), r.body());
      return verified(CheckpointStore.open(tmp, false).load(name), expected, "downloaded");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      try (var files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The model rebuilt from the rows the solver published on-chain for a demand of the job's final
   * state (the last trace leaf), checked against the finalized hash.
   */
  static ModelState fromChain(
      TribunalChain c,
      Deployment d,
      Bytes32 id,
      JobMarket.JobView v,
      Bytes32 expected,
      String beaconUrl) {
    DataChain data =
        DataChain.of(c, d)
            .orElseThrow(
                () ->
                    new IllegalStateException("this deployment has no DataAvailability contract"));
    long n = v.steps.longValueExact();
    long k = v.checkpointInterval.longValueExact();
    long finalLeaf = (n + k - 1) / k;
    DataChain.Demand demand =
        data.demandFor(id, finalLeaf)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no data demand of job "
                            + id
                            + "'s final state was made during its challenge window, so the chain"
                            + " holds no copy of the model"));
    if (demand.phase() != DataChain.DemandPhase.ANSWERED) {
      throw new IllegalStateException(
          "data demand " + demand.id() + " of the final state is " + demand.phase());
    }
    List<Integer> widths;
    try {
      widths =
          Contracts.load(c, d, d.address("JobMarket"))
              .disputeGame()
              .jobConfig(id.bytes())
              .send()
              .widths
              .stream()
              .map(BigInteger::intValueExact)
              .toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the job's widths: " + e.getMessage(), e);
    }
    var reader =
        new io.tribunal.protocol.chain.ChainReader(c, io.tribunal.protocol.chain.Retry.command());
    List<Tensor> params =
        io.tribunal.protocol.da.PublishedStateReader.read(
                data,
                reader,
                demand.id(),
                widths,
                Optional.of(new io.tribunal.protocol.da.BeaconBlobs(beaconUrl, reader)))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "demand " + demand.id() + " is answered but its rows are not all found"));
    return verified(new ModelState(n, params), expected, "rebuilt");
  }

  private static ModelState verified(ModelState model, Bytes32 expected, String how) {
    try (Parallel p = Parallel.serial()) {
      String actual = model.hash(p).hex();
      if (!actual.equalsIgnoreCase(expected.hex())) {
        throw new IllegalStateException(
            how + " model hashes to " + actual + ", the chain finalized " + expected);
      }
    }
    return model;
  }
}
