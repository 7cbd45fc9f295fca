package io.tribunal.client.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.JsonHttp;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.client.sdk.ServerChoice;
import io.tribunal.client.sdk.WalletOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tribunal infer}: one paid inference; pays from the open channel to the server's payee. */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Run one input through a finalized model on a paid inference server.",
      "Reads the price from the server's 402, signs the next voucher, and retries once.",
      "Without --server, picks a registered solver by price, then latency (docs/inference.md)."
    })
public final class InferCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin WalletOptions wallet;

  @Option(names = "--model", required = true, description = "on-chain model hash (0x + 64 hex)")
  String model;

  @Option(
      names = "--input",
      required = true,
      description =
          "JSON integers (Q16.16: {\"input\":[...]} or [...]), JSON decimals ([0.0, 0.5, ...] or"
              + " [[...], [...]]), or CSV (one example per line), or - for stdin; one paid request"
              + " per example (see 'tribunal predict --help' for the formats)")
  String input;

  @Option(
      names = "--server",
      description = "server base URL (default: choose among registered solvers)")
  URI server;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  @Override
  public void run() {
    if (!model.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("--model must be 0x + 64 hex digits");
    }
    List<int[]> rows = io.tribunal.client.predict.InputRows.read(input, 0);
    Credentials payer = wallet.credentials();
    Deployment d = wallet.readDeployment();
    Bytes32 hash = Bytes32.fromHex(model);
    URI url = server != null ? server : choose(d, hash);
    String payee = payeeOf(url);
    List<ChannelRecord> channels =
        wallet.book().to(payer.getAddress(), payee, d.chainId(), d.address("PaymentChannels"));
    if (channels.isEmpty()) {
      throw new IllegalArgumentException(
          "no channel to payee "
              + payee
              + ": run 'tribunal channel open --payee "
              + payee
              + " --deposit ...'");
    }
    List<PaidInference.Result> results = new java.util.ArrayList<>();
    // reserve exactly the requests this run makes (the amortised ceiling buys nothing here)
    try (PaidInference pay =
        new PaidInference(
            wallet.book(), channels.get(channels.size() - 1).channelId(), payer, rows.size())) {
      for (int[] row : rows) {
        results.add(pay.infer(url, hash, row));
      }
    }
    List<Map<String, Object>> predictions = new java.util.ArrayList<>();
    for (PaidInference.Result r : results) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("class", r.prediction());
      p.put("probabilities", io.tribunal.client.predict.Probabilities.of(r.logits()));
      p.put("logits", r.logits());
      p.put("price", r.price().toString());
      p.put("cumulativeAmount", r.cumulativeAmount().toString());
      predictions.add(p);
    }
    PaidInference.Result last = results.get(results.size() - 1);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server", url.toString());
    if (results.size() == 1) {
      out.put("prediction", last.prediction());
      out.put("probabilities", predictions.get(0).get("probabilities"));
      out.put("logits", last.logits());
      out.put("price", last.price().toString());
    }
    out.put("cumulativeAmount", last.cumulativeAmount().toString());
    out.put("predictions", predictions);
    try {
      if (json) {
        System.out.println(JSON.writeValueAsString(out));
      } else {
        for (int i = 0; i < results.size(); i++) {
          PaidInference.Result r = results.get(i);
          System.out.println(
              (results.size() > 1 ? (i + 1) + ": " : "")
                  + "class "
                  + r.prediction()
                  + "   "
                  + io.tribunal.client.predict.Probabilities.describe(
                      (double[]) predictions.get(i).get("probabilities"), 3)
                  + "   (paid "
                  + r.price()
                  + " units, cumulative "
                  + r.cumulativeAmount()
                  + ")");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI choose(Deployment d, Bytes32 hash) {
    try (TribunalChain chain = wallet.connect()) {
      StakeRegistry registry =
          StakeRegistry.load(
              d.address("StakeRegistry"),
              chain.web3j(),
              chain.transactionManager(wallet.credentials()),
              chain.gasProvider());
      ServerChoice choice = new ServerChoice();
      var servers =
          choice.registered(chain.web3j(), registry, d.find("StakeRegistry").orElseThrow().block());
      return choice
          .choose(servers, hash)
          .orElseThrow(
              () -> new IllegalArgumentException("no registered server serves model " + hash.hex()))
          .endpoint();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list registered servers: " + e.getMessage(), e);
    }
  }

  private static String payeeOf(URI url) {
    try (JsonHttp http = new JsonHttp(Duration.ofSeconds(5), Duration.ofSeconds(30), 1)) {
      JsonHttp.Reply r = http.get(url.resolve("/v1/health"));
      String payee = JSON.readTree(r.body()).path("payee").asText("");
      if (r.status() != 200 || !payee.matches("0x[0-9a-fA-F]{40}")) {
        throw new IllegalStateException(
            url + " is not a paid inference server (GET /v1/health answered " + r.status() + ")");
      }
      return payee;
    } catch (IOException e) {
      throw new IllegalStateException(url + " answered non-JSON to GET /v1/health", e);
    }
  }
}
