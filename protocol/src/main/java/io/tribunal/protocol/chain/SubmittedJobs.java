package io.tribunal.protocol.chain;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import java.util.List;
import java.util.function.BiConsumer;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Picks the {@code JobSubmitted} events out of a batch of confirmed JobMarket logs and decodes
 * them. Every watching daemon (verifier, challenger) learns about jobs this one way.
 */
public final class SubmittedJobs {
  private static final String TOPIC = EventEncoder.encode(JobMarket.JOBSUBMITTED_EVENT);

  private SubmittedJobs() {}

  /** Calls {@code onJob(jobId, request)} for each {@code JobSubmitted} log, in log order. */
  public static void forEach(List<Log> logs, BiConsumer<Bytes32, JobRequest> onJob) {
    for (Log log : logs) {
      if (!log.getTopics().isEmpty() && log.getTopics().get(0).equals(TOPIC)) {
        var e = JobMarket.getJobSubmittedEventFromLog(log);
        onJob.accept(new Bytes32(e.jobId), JobRequest.fromWrapper(e.request));
      }
    }
  }
}
