package io.tribunal.solver.checkpoints;

/**
 * What {@code POST /v1/jobs/quote} hands a request body to: would this solver take the job the body
 * describes (unsigned). Answering has no side effects: nothing is signed, sent or stored. A body
 * that describes no valid job is a {@link Relay.Rejected} (400); a refusal by the claim policy is a
 * normal answer.
 */
public interface JobQuotes {
  /** Returns the JSON response body (200): {@code {"accept": bool, "reason": "..."}}. */
  String quote(byte[] body);
}
