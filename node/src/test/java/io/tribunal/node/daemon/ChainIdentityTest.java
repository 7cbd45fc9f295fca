package io.tribunal.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.node.persist.StateDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainIdentityTest {
  private static final String GENESIS_A = "0x" + "aa".repeat(32);
  private static final String GENESIS_B = "0x" + "bb".repeat(32);
  private static final String MARKET = "0x" + "11".repeat(20);
  private static final String OTHER_MARKET = "0x" + "22".repeat(20);

  @Test
  void theFirstStartRecordsTheChainAndLaterStartsOnItPass(@TempDir Path dir) {
    try (StateDb db = StateDb.open(dir)) {
      ChainIdentity.check(db.cursors(), new ChainIdentity.Identity(GENESIS_A, MARKET), dir);
    }
    try (StateDb db = StateDb.open(dir)) {
      // the same chain after a restart (case of hex digits does not matter)
      ChainIdentity.check(
          db.cursors(),
          new ChainIdentity.Identity(GENESIS_A.toUpperCase().replace("0X", "0x"), MARKET),
          dir);
    }
  }

  @Test
  void aResetChainOrANewDeploymentStopsTheDaemonWithTheRemedyAndChangesNothing(@TempDir Path dir) {
    try (StateDb db = StateDb.open(dir)) {
      ChainIdentity.check(db.cursors(), new ChainIdentity.Identity(GENESIS_A, MARKET), dir);
      assertThatThrownBy(
              () ->
                  ChainIdentity.check(
                      db.cursors(), new ChainIdentity.Identity(GENESIS_B, MARKET), dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was written for another chain (genesis block " + GENESIS_A)
          .hasMessageContaining("this RPC serves genesis " + GENESIS_B)
          .hasMessageContaining("Move " + dir + " aside");
      assertThatThrownBy(
              () ->
                  ChainIdentity.check(
                      db.cursors(), new ChainIdentity.Identity(GENESIS_A, OTHER_MARKET), dir))
          .hasMessageContaining("another deployment (JobMarket " + MARKET);
      assertThat(db.cursors().get(ChainIdentity.GENESIS))
          .as("still the first chain")
          .contains(GENESIS_A);
    }
  }
}
