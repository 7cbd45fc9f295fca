package io.tribunal.solver.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.dispute.TreeKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Which games the solver daemon plays in a loop, in what order: its own turns while its clock runs,
 * earliest deadline first; then timeout claims on challengers that ran out of time; nothing else.
 */
class UrgentFirstTest {
  private static final long NOW = 10_000;

  @Test
  void ownTurnsByDeadlineThenTimeoutClaimsAndNothingElse() {
    List<DisputeView> games =
        List.of(
            view(1, Phase.REVEAL, NOW + 500),
            view(2, Phase.PICK, NOW - 1), // challenger out of time: resolveTimeout
            view(3, Phase.AWAIT_TRACE, NOW + 20),
            view(4, Phase.PICK, NOW + 300), // the challenger's turn, its clock runs: nothing
            view(5, Phase.RESOLVED, 0),
            view(6, Phase.OPEN_ROW, NOW - 5), // our clock ran out: nothing left to do
            view(7, Phase.AWAIT_STEP, NOW), // deadline now: still ours to play
            view(8, Phase.PICK_TENSOR, NOW - 100),
            view(9, Phase.AWAIT_INTERVAL, NOW + 20));

    assertThat(EngineDefence.urgentFirst(games, NOW).stream().map(DisputeView::gameId))
        .containsExactly(7L, 3L, 9L, 1L, 8L, 2L);
  }

  private static DisputeView view(long id, Phase phase, long deadline) {
    return new DisputeView(
        id,
        Hash32.ZERO,
        "0x00000000000000000000000000000000000000c1",
        "0x00000000000000000000000000000000000000a0",
        ClaimKind.TRANSITION,
        phase,
        phase.mover(),
        phase == Phase.RESOLVED ? 0 : deadline,
        600,
        600,
        10,
        phase == Phase.RESOLVED ? Outcome.CHALLENGER_TIMED_OUT : Outcome.NONE,
        TreeKind.TRACE,
        Hash32.ZERO,
        3,
        0,
        5,
        0,
        255,
        new Pinpoint(
            false,
            OptionalLong.empty(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalInt.empty()),
        List.of(),
        List.of(),
        Optional.empty());
  }
}
