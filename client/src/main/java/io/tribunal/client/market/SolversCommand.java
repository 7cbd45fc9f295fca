package io.tribunal.client.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.client.job.ChainOptions;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.client.sdk.ServerChoice;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tribunal solvers}: the staked solvers a job can go to, before paying anything. */
@Command(
    name = "solvers",
    mixinStandardHelpOptions = true,
    description = {
      "List the staked solvers: endpoint, free stake (the collateral they can still lock),",
      "their on-chain prices and the models each one sells for paid inference (from its",
      "endpoint; 'unreachable' if it does not answer). Reads the chain and the endpoints only."
    })
public final class SolversCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ChainOptions chain;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Deployment d = chain.deployment();
    List<Map<String, Object>> rows = new ArrayList<>();
    int decimals;
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.command());
      Contracts k = Contracts.load(c, d, d.address("StakeRegistry"));
      decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
      StakeRegistry registry = k.registry();
      Map<String, URI> solvers =
          reader.view(
              "OperatorUpdated logs",
              () ->
                  new ServerChoice()
                      .registered(
                          c.web3j(), registry, d.find("StakeRegistry").orElseThrow().block()));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (var e : solvers.entrySet()) {
        String op = e.getKey();
        BigInteger free = reader.view("freeStakeOf", () -> registry.freeStakeOf(op).send());
        var meta = reader.view("metadataOf", () -> registry.metadataOf(op).send());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("solver", op);
        row.put("endpoint", e.getValue().toString());
        row.put("freeStakeUnits", free.toString());
        row.put("pricePerStepUnits", meta.pricePerStep.toString());
        row.put("pricePerInferenceUnit", meta.pricePerInferenceUnit.toString());
        row.put("models", models(http, e.getValue()));
        rows.add(row);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      out.println(JSON.writeValueAsString(rows));
      return 0;
    }
    if (rows.isEmpty()) {
      out.println("no staked solver has registered an endpoint on this chain");
      return 0;
    }
    for (Map<String, Object> r : rows) {
      out.printf(
          "%s  %s  free stake %s tUSD  price/step %s units%n  models for inference: %s%n",
          r.get("solver"),
          r.get("endpoint"),
          Amounts.tokens(new BigInteger((String) r.get("freeStakeUnits")), decimals),
          r.get("pricePerStepUnits"),
          r.get("models"));
    }
    return 0;
  }

  /** The model hashes the endpoint sells, or "unreachable". */
  private static Object models(HttpClient http, URI endpoint) {
    StringBuilder why = new StringBuilder();
    return ServedModels.fetch(http, endpoint, why)
        .<Object>map(
            offers -> offers.stream().map(o -> o.modelHash() + " (" + o.spec() + ")").toList())
        .orElse(why.toString().startsWith("HTTP") ? "unreachable (" + why + ")" : "unreachable");
  }
}
