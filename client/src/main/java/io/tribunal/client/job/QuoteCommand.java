package io.tribunal.client.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.client.sdk.Amounts;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tribunal job quote}: know before you pay. The same options as {@code job submit}; nothing
 * is signed or sent. See {@link JobQuote} for how the price is suggested.
 */
@Command(
    name = "quote",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "What a job would cost and who would take it, before signing anything: the work (multiply-",
      "accumulates per step and in total, as the market counts them), a suggested price and",
      "collateral, the gas of the submit transaction, submit's own checks, and for each registered",
      "solver whether it would accept the job and why not. Signs nothing, sends nothing."
    })
public final class QuoteCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

  @Mixin ChainOptions chain;

  @Mixin JobRequestOptions request;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "The user's keystore (only its address is read; no password).")
  Path keystore;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return run(chain, request, userOf(keystore), json.on(), spec.commandLine().getOut());
  }

  /** The address a quote is for: the keystore's, else the zero address (solvers ignore it). */
  static String userOf(Path keystore) {
    if (keystore == null) {
      return ZERO_ADDRESS;
    }
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("no keystore file at " + keystore);
    }
    return KeystoreAddress.read(keystore);
  }

  /** Quotes the job {@code o} describes and prints it; shared with {@code job submit --dry-run}. */
  static int run(
      ChainOptions chain, JobRequestOptions o, String user, boolean json, PrintWriter out)
      throws Exception {
    o.checkShape();
    Deployment d = chain.deployment();
    JobQuote.Quote q;
    try (TribunalChain c = chain.connect(d)) {
      q = JobQuote.of(c, d, o, user);
    }
    if (json) {
      out.println(JSON.writeValueAsString(asMap(q, o)));
    } else {
      print(q, o, out);
    }
    out.flush();
    return 0;
  }

  static Map<String, Object> asMap(JobQuote.Quote q, JobRequestOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", q.built().spec().canonical());
    m.put("dataset", q.built().request().datasetURI());
    m.put("steps", o.steps);
    m.put("batch", q.built().hyperParams().batch());
    m.put("macsPerStep", q.macsPerStep().toString());
    m.put("macsTotal", q.macsTotal().toString());
    m.put("suggestedPriceUnits", q.suggestedPrice().toString());
    m.put("suggestedCollateralUnits", q.suggestedPrice().shiftLeft(1).toString());
    m.put("priceRule", priceRule());
    m.put("priceUnits", q.price().toString());
    m.put("priceGiven", q.priceGiven());
    m.put("collateralUnits", q.collateral().toString());
    m.put("submitGas", JobQuote.SUBMIT_GAS);
    m.put(
        "submitGasSource",
        "documented ceiling (docs/contracts.md); not estimated: eth_estimateGas needs the signature");
    m.put("gasPriceWei", q.gasPriceWei().toString());
    m.put("submitCostWei", q.submitCostWei().toString());
    m.put("checks", "ok");
    m.put(
        "solvers",
        q.solvers().stream()
            .map(
                a -> {
                  Map<String, Object> s = new LinkedHashMap<>();
                  s.put("solver", a.solver());
                  s.put("endpoint", a.endpoint());
                  s.put("answer", a.verdict());
                  s.put("accept", a.verdict().equals("accept"));
                  if (!a.reason().isEmpty()) {
                    s.put("reason", a.reason());
                  }
                  return s;
                })
            .toList());
    return m;
  }

  private static String priceRule() {
    return "max("
        + JobQuote.UNITS_PER_MILLION_MACS
        + " units per million MACs, highest on-chain pricePerStep x steps); collateral 2 x price";
  }

  private static void print(JobQuote.Quote q, JobRequestOptions o, PrintWriter out) {
    int dec = q.decimals();
    out.printf(
        "job:        %s on %s, %d steps, batch %d, lr %s (nothing signed, nothing sent)%n",
        q.built().spec().canonical(),
        q.built().request().datasetURI(),
        o.steps,
        q.built().hyperParams().batch(),
        o.lr);
    out.printf(
        "work:       %s multiply-accumulates per step, %s in total (3 x batch x sum of layer"
            + " products, as the market counts them)%n",
        q.macsPerStep(), q.macsTotal());
    out.printf(
        "suggested:  price %s tUSD, collateral %s tUSD (%s)%n",
        Amounts.tokens(q.suggestedPrice(), dec),
        Amounts.tokens(q.suggestedPrice().shiftLeft(1), dec),
        priceRule());
    out.printf(
        "quoted at:  price %s tUSD%s, collateral %s tUSD%n",
        Amounts.tokens(q.price(), dec),
        q.priceGiven() ? " (--price)" : " (the suggestion)",
        Amounts.tokens(q.collateral(), dec));
    out.printf(
        "gas:        submitJob ~%d gas x %s gwei = %s ETH (documented ceiling, not estimated:"
            + " eth_estimateGas needs the signature); with --relay the solver pays it%n",
        JobQuote.SUBMIT_GAS,
        new BigDecimal(q.gasPriceWei()).movePointLeft(9).stripTrailingZeros().toPlainString(),
        new BigDecimal(q.submitCostWei()).movePointLeft(18).stripTrailingZeros().toPlainString());
    out.println("checks:     ok (model fits the dataset; within the market's limits)");
    List<SolverQuotes.Answer> answers = q.solvers();
    if (answers.isEmpty()) {
      out.println("solvers:    none registered with an endpoint on this chain");
      return;
    }
    out.println("solvers:");
    for (SolverQuotes.Answer a : answers) {
      out.printf(
          "  %s  %s  %s%s%n",
          a.solver(),
          a.endpoint(),
          switch (a.verdict()) {
            case "accept" -> "accepts";
            case "refuse" -> "refuses";
            default -> "unreachable";
          },
          a.reason().isEmpty() ? "" : ": " + a.reason());
    }
  }
}
