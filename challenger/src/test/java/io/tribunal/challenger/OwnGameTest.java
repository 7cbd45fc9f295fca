package io.tribunal.challenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.dispute.TreeKind;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The challenger's game on a job is the one its own open created, whatever other games exist on the
 * job (a solver's sybils may open many), and it never plays anyone else's.
 */
class OwnGameTest {
  private static final String ME = "0x00000000000000000000000000000000000000c1";
  private static final String SYBIL = "0x00000000000000000000000000000000000000b2";
  private static final Hash32 JOB = Hash32.fromHex("0x" + "ab".repeat(32));
  private static final Hash32 OTHER_JOB = Hash32.fromHex("0x" + "cd".repeat(32));

  @Test
  void theGameIsTheOneNamingThisChallengerAndTheJob() {
    var events =
        List.of(opened(7, OTHER_JOB, ME), opened(8, JOB, SYBIL), opened(9, JOB, ME.toUpperCase()));
    assertThat(GameActions.ownGame(events, ME, JOB)).isEqualTo(9);
  }

  @Test
  void anOpenThatCreatedNoGameForThisChallengerIsAnError() {
    assertThatThrownBy(() -> GameActions.ownGame(List.of(opened(8, JOB, SYBIL)), ME, JOB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("opened no game for " + ME);
  }

  @Test
  void someoneElsesGameOnTheSameJobIsNotPlayed() {
    assertThat(GameActions.notOurs(view(3, JOB, ME), ME, JOB)).isEmpty();
    assertThat(GameActions.notOurs(view(4, JOB, SYBIL), ME, JOB))
        .hasValue("game 4 was opened by " + SYBIL + ", not by " + ME);
    assertThat(GameActions.notOurs(view(5, OTHER_JOB, ME), ME, JOB))
        .hasValueSatisfying(why -> assertThat(why).contains("disputes job " + OTHER_JOB));
  }

  private static DisputeGame.GameOpenedEventResponse opened(long id, Hash32 job, String who) {
    var e = new DisputeGame.GameOpenedEventResponse();
    e.gameId = BigInteger.valueOf(id);
    e.jobId = job.bytes();
    e.challenger = who;
    e.kind = BigInteger.ONE;
    e.bond = BigInteger.TEN;
    e.clock = BigInteger.valueOf(600);
    return e;
  }

  private static DisputeView view(long id, Hash32 job, String challenger) {
    return new DisputeView(
        id,
        job,
        challenger,
        "0x00000000000000000000000000000000000000a0",
        ClaimKind.TRANSITION,
        Phase.PICK,
        Side.CHALLENGER,
        1_000,
        600,
        600,
        10,
        Outcome.NONE,
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
