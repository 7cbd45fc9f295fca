package io.tribunal.solver.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.solver.checkpoints.JobQuotes;
import io.tribunal.solver.checkpoints.Relay;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers "would you take this job?" for an unsigned job description (the relay's body without
 * signature and permit), with the relay's own checks ({@link RelayService#describe}) and the same
 * claim policy the relay and the claim loop use, so a user learns a refusal and its reason before
 * signing or paying anything. Nothing is stored or sent; the policy may read the chain and load the
 * dataset into the solver's cache, as it would for a real submission.
 */
public final class QuoteService implements JobQuotes {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final long chainId;
  private final String market;
  private final Function<JobData, Optional<String>> refusal;

  /**
   * @param refusal the solver's claim policy: why it would not claim a job (empty: it would)
   */
  public QuoteService(long chainId, String market, Function<JobData, Optional<String>> refusal) {
    this.chainId = chainId;
    this.market = market;
    this.refusal = refusal;
  }

  @Override
  public String quote(byte[] body) {
    SignedSubmission s;
    try {
      s = JSON.readValue(body, SignedSubmission.class);
    } catch (IOException e) {
      throw new Relay.Rejected(400, "malformed JSON: " + firstLine(e.getMessage()));
    }
    if (s == null) {
      throw new Relay.Rejected(400, "a job description (JSON object) is required");
    }
    RelayService.Described d = RelayService.describe(s, chainId, market);
    Optional<String> refused =
        refusal.apply(new JobData(s.request(), null, null).withHyper(d.hyper()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accept", refused.isEmpty());
    answer.put("model", d.spec().canonical());
    refused.ifPresent(r -> answer.put("reason", r));
    try {
      return JSON.writeValueAsString(answer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }
}
