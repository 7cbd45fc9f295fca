package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.client.sdk.ServerChoice;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.job.JobLimits;
import io.tribunal.protocol.job.SignedSubmission;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job would cost and who would take it, found without signing or sending anything: the
 * request is built (so every local check of {@code job submit} runs), its work counted as the
 * market counts it ({@link JobLimits#macsPerStep}), a price suggested, and every registered
 * solver's {@code POST /v1/jobs/quote} asked.
 *
 * <p>The suggested price is the larger of {@value #UNITS_PER_MILLION_MACS} base units per million
 * multiply-accumulates of the whole job (the rate solvers charge by default for a million ops of
 * paid inference, {@code inference.pricePerMop}) and the highest on-chain {@code pricePerStep} ×
 * steps among the registered solvers; the suggested collateral is twice that, as submit's default.
 * A solver's own {@code policy.minPrice} is not on chain: its quote answer says when a price is
 * below it.
 */
final class JobQuote {
  /** Base units per million multiply-accumulates in the suggested price. */
  static final long UNITS_PER_MILLION_MACS = 1_000;

  /**
   * Gas of {@code submitJob} with a permit: the market's documented ceiling (docs/contracts.md,
   * measured 164k–197k). Not estimated: eth_estimateGas would need the user's signature.
   */
  static final long SUBMIT_GAS = 200_000;

  /** Everything a quote reports. Amounts in base units. */
  record Quote(
      JobRequestBuilder.Built built,
      BigInteger macsPerStep,
      BigInteger macsTotal,
      BigInteger suggestedPrice,
      BigInteger price,
      BigInteger collateral,
      boolean priceGiven,
      BigInteger gasPriceWei,
      int decimals,
      List<SolverQuotes.Answer> solvers) {

    BigInteger submitCostWei() {
      return gasPriceWei.multiply(BigInteger.valueOf(SUBMIT_GAS));
    }
  }

  private JobQuote() {}

  /** ceil(total MACs × rate / 10^6), at least {@code steps} × the highest on-chain price a step. */
  static BigInteger suggestedPrice(
      BigInteger macsTotal, long steps, List<BigInteger> pricesPerStep) {
    BigInteger byWork =
        new BigDecimal(macsTotal.multiply(BigInteger.valueOf(UNITS_PER_MILLION_MACS)))
            .divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.CEILING)
            .toBigIntegerExact()
            .max(BigInteger.ONE);
    BigInteger byPublished =
        pricesPerStep.stream()
            .max(BigInteger::compareTo)
            .orElse(BigInteger.ZERO)
            .multiply(BigInteger.valueOf(steps));
    return byWork.max(byPublished);
  }

  static Quote of(TribunalChain c, Deployment d, JobRequestOptions o, String user)
      throws Exception {
    o.checkShape();
    ChainReader reader = new ChainReader(c, Retry.command());
    Contracts k = Contracts.load(c, d, user);
    int decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
    Optional<BigInteger> given = o.price(decimals);
    Map<String, URI> solvers =
        reader.view(
            "OperatorUpdated logs",
            () ->
                new ServerChoice()
                    .registered(
                        c.web3j(), k.registry(), d.find("StakeRegistry").orElseThrow().block()));
    List<BigInteger> perStep = new ArrayList<>();
    for (String op : solvers.keySet()) {
      perStep.add(reader.view("metadataOf", () -> k.registry().metadataOf(op).send()).pricePerStep);
    }
    BigInteger macsPerStep = JobLimits.macsPerStep(MlpSpec.parse(o.model), o.batch);
    BigInteger macsTotal = macsPerStep.multiply(BigInteger.valueOf(o.steps));
    BigInteger suggested = suggestedPrice(macsTotal, o.steps, perStep);
    BigInteger price = given.orElse(suggested);
    BigInteger collateral = o.collateral(decimals, price);
    // every local check of submit (limits, dataset fit) runs here, before any solver is asked
    JobRequestBuilder.Built built = o.build(user, price, collateral, reader.now());
    String description =
        new SignedSubmission(
                c.chainId(),
                k.marketAddress(),
                SignedSubmission.Request.of(built.request()),
                null,
                null,
                new SignedSubmission.Hyper(
                    built.hyperParams().batch(),
                    built.hyperParams().eta(),
                    built.hyperParams().datasetSize()),
                built.spec().canonical())
            .toJson();
    SolverQuotes asker = new SolverQuotes();
    List<SolverQuotes.Answer> answers = new ArrayList<>();
    for (var e : solvers.entrySet()) {
      answers.add(asker.ask(e.getKey(), e.getValue(), description));
    }
    BigInteger gasPrice =
        reader.view("gasPrice", () -> c.web3j().ethGasPrice().send().getGasPrice());
    return new Quote(
        built,
        macsPerStep,
        macsTotal,
        suggested,
        price,
        collateral,
        given.isPresent(),
        gasPrice,
        decimals,
        answers);
  }
}
