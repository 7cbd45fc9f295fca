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
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tribunal job result <id> --out DIR}: downloads the trained model from the solver's
 * endpoint registered on-chain and keeps it only if its state hash equals the model hash JobMarket
 * finalized. When the solver's endpoint cannot serve it (the solver vanished) and the final state
 * was published on-chain for a data demand, the model is rebuilt from the chain's events alone and
 * checked the same way. The file lands as DIR/checkpoints/&lt;sha256&gt;.ckpt (a core checkpoint
 * store).
 */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = {
      "Download and check a finalized job's model.",
      "Tries the solver's endpoint first; if it cannot serve the model, rebuilds it from the rows"
          + " published on-chain for a data demand of the job's final state (a demand must have"
          + " been made during the challenge window). Either way the model is kept only if it"
          + " hashes to the model hash the chain finalized."
    })
public final class ResultCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Parameters(paramLabel = "JOB_ID")
  String jobId;

  @Option(names = "--json", description = "Print the model card and the checkpoint path as JSON.")
  boolean json;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(
      names = "--from-chain",
      description = "Skip the solver's endpoint: rebuild the model from on-chain data only.")
  boolean fromChain;

  @Option(
      names = "--beacon-url",
      paramLabel = "URL",
      description =
          "Beacon node serving EIP-4844 blobs, for state published in blobs (default: the RPC URL;"
              + " anvil serves the beacon API there). Blobs are kept about 18 days on Ethereum.")
  String beaconUrl;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Bytes32 id = JobIds.parse(jobId);
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      Contracts contracts = Contracts.load(c, d, d.address("JobMarket"));
      JobMarket.JobView v = contracts.market().getJob(id.bytes()).send();
      if (JobStatus.of(v.status) != JobStatus.FINALIZED) {
        throw new IllegalArgumentException(
            "job " + id + " is " + JobStatus.of(v.status) + ", not FINALIZED");
      }
      Bytes32 expected = new Bytes32(v.finalModelHash);
      Path file;
      ModelState model;
      String source;
      if (fromChain) {
        model = FinalizedModel.fromChain(c, d, id, v, expected, beacon(c));
        source = "rebuilt from on-chain data";
      } else {
        String endpoint = contracts.registry().metadataOf(v.solver).send().endpoint;
        try {
          model = FinalizedModel.download(endpoint, id, expected);
          source = "downloaded from " + endpoint;
        } catch (IOException | RuntimeException e) {
          spec.commandLine()
              .getErr()
              .println(
                  "the solver's endpoint cannot serve the model ("
                      + e.getMessage()
                      + "); trying the data published on-chain");
          model = FinalizedModel.fromChain(c, d, id, v, expected, beacon(c));
          source = "rebuilt from on-chain data";
        }
      }
      Files.createDirectories(out.resolve("checkpoints"));
      String name = CheckpointStore.open(out, false).save(model);
      file = out.resolve("checkpoints").resolve(name);
      ModelCard card = card(c, d, contracts, id, v, model, name, source);
      card.writeTo(out);
      if (json) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("checkpoint", file.toAbsolutePath().toString());
        doc.put("card", card);
        io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), doc);
        return 0;
      }
      spec.commandLine()
          .getOut()
          .println(
              "model "
                  + expected
                  + " (step "
                  + model.step()
                  + ") "
                  + source
                  + ", verified: "
                  + file);
      spec.commandLine()
          .getOut()
          .println(
              "model card: "
                  + out.resolve(ModelCard.TEXT_FILE)
                  + " ("
                  + card.spec()
                  + ", held-out accuracy "
                  + (card.heldOutAccuracyPercent() != null
                      ? card.heldOutAccuracyPercent() + " %"
                      : "not measured: " + card.heldOutNote())
                  + "); try: tribunal predict --model "
                  + out
                  + " --input FILE");
    }
    return 0;
  }

  @Option(
      names = "--dataset-cache",
      paramLabel = "DIR",
      description = "Where the held-out split is loaded for the model card's accuracy.")
  Path datasetCache;

  /** The model card: the job's request from its JobSubmitted event, the chain's view, a measure. */
  private ModelCard card(
      TribunalChain c,
      Deployment d,
      Contracts contracts,
      Bytes32 id,
      JobMarket.JobView v,
      ModelState model,
      String checkpoint,
      String source)
      throws IOException {
    org.web3j.protocol.core.methods.request.EthFilter f =
        new org.web3j.protocol.core.methods.request.EthFilter(
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                BigInteger.valueOf(contracts.marketBlock())),
            org.web3j.protocol.core.DefaultBlockParameterName.LATEST,
            contracts.marketAddress());
    f.addSingleTopic(org.web3j.abi.EventEncoder.encode(JobMarket.JOBSUBMITTED_EVENT));
    f.addSingleTopic(id.hex());
    var logs = c.web3j().ethGetLogs(f).send();
    if (logs.hasError() || logs.getLogs().isEmpty()) {
      throw new IllegalStateException("no JobSubmitted event for job " + id + " on this chain");
    }
    var submitted =
        JobMarket.getJobSubmittedEventFromLog(
            (org.web3j.protocol.core.methods.response.Log) logs.getLogs().get(0).get());
    var spec = ModelCard.specOf(model.parameters());
    String uri = submitted.request.datasetURI;
    Bytes32 root = new Bytes32(submitted.request.datasetRoot);
    String accuracy = null;
    String note = null;
    try {
      var split =
          new io.tribunal.protocol.job.DatasetSource(
                  datasetCache != null
                      ? datasetCache
                      : io.tribunal.core.data.DatasetLoader.defaultCacheDir())
              .loadVerified(
                  uri, new io.tribunal.core.commit.Hash32(root.bytes()), Parallel.serial());
      long right =
          io.tribunal.core.train.Evaluator.correct(
              spec, model.parameters(), split.heldOut(), Parallel.serial());
      accuracy = io.tribunal.core.train.Evaluator.percent(right, split.heldOut().size());
      note = right + " of " + split.heldOut().size() + " held-out examples";
    } catch (RuntimeException e) {
      note = "the dataset could not be loaded here: " + e.getMessage();
    }
    return new ModelCard(
        id.hex(),
        spec.canonical(),
        uri,
        root.hex(),
        v.steps.longValueExact(),
        accuracy,
        note,
        new Bytes32(v.finalModelHash).hex(),
        new Bytes32(v.traceRoot).hex(),
        v.solver,
        v.user,
        v.price.toString(),
        c.chainId(),
        contracts.marketAddress(),
        checkpoint,
        source);
  }

  private String beacon(TribunalChain c) {
    return beaconUrl != null && !beaconUrl.isBlank() ? beaconUrl : c.rpcUrl();
  }
}
