package io.tribunal.verifier;

import io.tribunal.bindings.eip712.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a verifier sends a job whose replay did not match. The verifier itself never opens a
 * dispute (roles do not depend on each other): the default logs the mismatch for the operator, and
 * a challenger daemon ({@code tribunal challenger run}), which watches every commitment on its own,
 * disputes it.
 */
public interface ChallengeHandoff {
  void mismatch(Bytes32 jobId, long step, String reason);

  ChallengeHandoff LOGGING =
      new ChallengeHandoff() {
        private final Logger log = LoggerFactory.getLogger(ChallengeHandoff.class);

        @Override
        public void mismatch(Bytes32 jobId, long step, String reason) {
          log.error(
              "MISMATCH job {} at transition {}: {} (not attested; a challenger daemon disputes"
                  + " it, 'tribunal challenger run')",
              jobId,
              step,
              reason);
        }
      };
}
