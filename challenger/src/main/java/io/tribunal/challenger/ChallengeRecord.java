package io.tribunal.challenger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.job.SignedSubmission;
import java.io.IOException;
import java.util.Optional;

/**
 * The challenger's per-job record in the state DB: the signed request (from JobSubmitted), the
 * claim it decided to open, the game it opened, and why it stopped (a note). The game id is written
 * before the first move, so a restart plays the same game and never opens a second one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChallengeRecord(SignedSubmission.Request request, String claim, Long gameId, String note) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ChallengeRecord of(SignedSubmission.Request request) {
    return new ChallengeRecord(request, null, null, null);
  }

  static ChallengeRecord parse(String json) {
    try {
      return JSON.readValue(json, ChallengeRecord.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt challenger record: " + e.getMessage(), e);
    }
  }

  String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<ClaimKind> claimKind() {
    return Optional.ofNullable(claim).map(ClaimKind::valueOf);
  }

  ChallengeRecord withClaim(ClaimKind kind) {
    return new ChallengeRecord(request, kind.name(), gameId, note);
  }

  ChallengeRecord withGame(long id) {
    return new ChallengeRecord(request, claim, id, note);
  }

  ChallengeRecord withNote(String n) {
    return new ChallengeRecord(request, claim, gameId, n);
  }
}
