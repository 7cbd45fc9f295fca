package io.tribunal.verifier;

import io.tribunal.protocol.replay.CommitmentCheck;
import io.tribunal.protocol.replay.StepTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an attestation commits to: each sampled transition's state hashes h_i and h_{i+1} as the
 * verifier's replay computed them, with their paths in the solver's committed step tree. Only a
 * replay knows these hashes, so an attester that did not replay cannot attest. A step tree that
 * does not open to the replayed hashes is a problem, never an attestation.
 */
record AttestationProof(
    Optional<String> problem,
    List<BigInteger> transitions,
    List<byte[]> before,
    List<byte[]> after,
    List<byte[]> proofs) {

  /** Builds the proof for the sampled transitions, in draw order, from a completed replay. */
  static AttestationProof of(
      List<Long> draws, CommitmentCheck.Report report, CommitmentCheck.StepTreeFetch steps) {
    List<BigInteger> transitions = new ArrayList<>();
    List<byte[]> before = new ArrayList<>();
    List<byte[]> after = new ArrayList<>();
    List<byte[]> proofs = new ArrayList<>();
    Optional<String> bad = steps.problem();
    StepTree tree = steps.tree().orElse(null);
    for (long t : draws) {
      if (bad.isPresent()) {
        break;
      }
      CommitmentCheck.Replayed r = report.replayed().get(t);
      if (!tree.opens(t, r.before()) || !tree.opens(t + 1, r.after())) {
        bad =
            Optional.of(
                "the solver's step tree does not commit the replayed state hashes of transition "
                    + t);
        break;
      }
      transitions.add(BigInteger.valueOf(t));
      before.add(r.before().bytes());
      after.add(r.after().bytes());
      tree.path(t).forEach(h -> proofs.add(h.bytes()));
      tree.path(t + 1).forEach(h -> proofs.add(h.bytes()));
    }
    return new AttestationProof(bad, transitions, before, after, proofs);
  }
}
