package io.tribunal.solver.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SignedSubmission;
import java.io.IOException;
import java.util.Optional;

/** The solver's per-job record in the state DB: the request, its hyper-parameters once known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobData(SignedSubmission.Request request, SignedSubmission.Hyper hyper, String note) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JobData parse(String json) {
    try {
      return JSON.readValue(json, JobData.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt job record: " + e.getMessage(), e);
    }
  }

  String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<JobHashes.HyperParams> hyperParams() {
    return Optional.ofNullable(hyper)
        .map(h -> new JobHashes.HyperParams(h.batch(), h.eta(), h.datasetSize()));
  }

  JobData withHyper(JobHashes.HyperParams hp) {
    return new JobData(
        request, new SignedSubmission.Hyper(hp.batch(), hp.eta(), hp.datasetSize()), note);
  }

  JobData withNote(String n) {
    return new JobData(request, hyper, n);
  }
}
