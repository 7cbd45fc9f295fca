package io.tribunal.verifier;

import io.tribunal.bindings.eip712.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a verifier sends a job whose replay did not match: the challenger logic (same process or
 * another). The default logs; the challenger bot plugs in with the dispute engine.
 */
public interface ChallengeHandoff {
  void mismatch(Bytes32 jobId, long step, String reason);

  ChallengeHandoff LOGGING =
      new ChallengeHandoff() {
        private final Logger log = LoggerFactory.getLogger(ChallengeHandoff.class);

        @Override
        public void mismatch(Bytes32 jobId, long step, String reason) {
          log.error(
              "MISMATCH job {} at transition {}: {} (handing over to the challenger)",
              jobId,
              step,
              reason);
        }
      };
}
