package io.tribunal.client.market;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.job.ChainOptions;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.client.sdk.JsonOutput;
import io.tribunal.client.sdk.ServerChoice;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tribunal models}: the trained models you can buy inference on. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Models on sale for paid inference.",
    subcommands = {ModelsCommand.ListModels.class})
public final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list)");
  }

  /** {@code tribunal models list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List every model a registered solver sells inference on: model hash, spec, the job",
        "that trained it (from JobFinalized: the chain finalized that hash), the server and its",
        "price per request. Reads the chain and the servers' public GET /v1/models only; a",
        "server that does not answer is listed as unreachable."
      },
      footer = {
        "",
        "Then: tribunal channel open --payee <payee> --deposit 1 --server <server> ...",
        "      tribunal infer --model <hash> --input digit.csv ..."
      })
  public static final class ListModels implements Callable<Integer> {
    @Mixin ChainOptions chain;

    @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Deployment d = chain.deployment();
      List<Map<String, Object>> models = new ArrayList<>();
      List<Map<String, Object>> unreachable = new ArrayList<>();
      int decimals;
      try (TribunalChain c = chain.connect(d)) {
        ChainReader reader = new ChainReader(c, Retry.command());
        Contracts k = Contracts.load(c, d, d.address("StakeRegistry"));
        decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
        Map<String, String> jobOfModel = finalizedJobs(c, k, reader);
        Map<String, URI> solvers =
            reader.view(
                "OperatorUpdated logs",
                () ->
                    new ServerChoice()
                        .registered(
                            c.web3j(),
                            k.registry(),
                            d.find("StakeRegistry").orElseThrow().block()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (var e : new TreeMap<>(solvers).entrySet()) {
          StringBuilder why = new StringBuilder();
          Optional<List<ServedModels.Offer>> offers = ServedModels.fetch(http, e.getValue(), why);
          if (offers.isEmpty()) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("solver", e.getKey());
            u.put("server", e.getValue().toString());
            u.put("reason", why.toString());
            unreachable.add(u);
            continue;
          }
          for (ServedModels.Offer o : offers.get()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("modelHash", o.modelHash());
            m.put("spec", o.spec());
            m.put("job", jobOfModel.get(o.modelHash().toLowerCase(java.util.Locale.ROOT)));
            m.put("solver", e.getKey());
            m.put("server", e.getValue().toString());
            m.put("payee", o.payee());
            m.put("priceUnits", o.priceUnits());
            m.put("ops", o.ops());
            models.add(m);
          }
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json.on()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("models", models);
        doc.put("unreachable", unreachable);
        JsonOutput.print(out, doc);
        return 0;
      }
      if (models.isEmpty()) {
        out.println("no model on sale from a reachable registered server");
      }
      for (Map<String, Object> m : models) {
        out.printf(
            "%s  %s  job %s%n    %s (payee %s)  %s tUSD per request%n",
            m.get("modelHash"),
            m.get("spec"),
            m.get("job") == null ? "unknown on this chain" : m.get("job"),
            m.get("server"),
            m.get("payee"),
            Amounts.tokens(new BigInteger((String) m.get("priceUnits")), decimals));
      }
      for (Map<String, Object> u : unreachable) {
        out.printf("unreachable: %s %s (%s)%n", u.get("solver"), u.get("server"), u.get("reason"));
      }
      return 0;
    }

    /** Model hash (lower-case hex) → the job JobMarket finalized with it. */
    private static Map<String, String> finalizedJobs(
        TribunalChain c, Contracts k, ChainReader reader) {
      EthFilter f =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(k.marketBlock())),
              DefaultBlockParameterName.LATEST,
              k.marketAddress());
      f.addSingleTopic(EventEncoder.encode(JobMarket.JOBFINALIZED_EVENT));
      Map<String, String> out = new TreeMap<>();
      for (Log log : reader.logs(f)) {
        var e = JobMarket.getJobFinalizedEventFromLog(log);
        out.put(new Bytes32(e.finalModelHash).hex(), new Bytes32(e.jobId).hex());
      }
      return out;
    }
  }
}
