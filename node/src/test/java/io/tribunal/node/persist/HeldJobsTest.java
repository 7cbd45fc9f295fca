package io.tribunal.node.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs held for an operator leave the loop and come back, in their phase, after a restart. */
class HeldJobsTest {
  @Test
  void aHeldJobLeavesTheLoopAndResumesInItsPhase(@TempDir Path dir) {
    try (StateDb db = StateDb.open(dir)) {
      JobTable jobs = db.jobs();
      jobs.put("a", "COMMITTED", "{}");
      jobs.put("b", "CLAIMED", "{}");
      jobs.holdForOperator("a");
      assertThat(jobs.get("a").orElseThrow().phase()).isEqualTo(JobTable.ATTENTION);
      assertThat(jobs.active(List.of("DONE"))).extracting(JobTable.Row::jobId).containsExactly("b");
      assertThat(jobs.count(JobTable.ATTENTION)).isEqualTo(1);
    }
    try (StateDb db = StateDb.open(dir)) {
      db.intentRetries().failed("commit:a", 0, "boom");
      assertThat(db.jobs().releaseHeld()).isEqualTo(1);
      db.intentRetries().clearAll();
      assertThat(db.jobs().get("a").orElseThrow().phase()).isEqualTo("COMMITTED");
      assertThat(db.jobs().active(List.of("DONE"))).hasSize(2);
      assertThat(db.intentRetries().find("commit:a")).isEmpty();
    }
  }

  @Test
  void anOldJournalGainsTheNewColumns(@TempDir Path dir) throws Exception {
    try (StateDb db = StateDb.open(dir);
        var s = db.connection().createStatement()) {
      s.execute("DROP TABLE tx_intents");
      s.execute(
          "CREATE TABLE tx_intents (intent TEXT PRIMARY KEY, account TEXT NOT NULL,"
              + " nonce INTEGER NOT NULL, tx_hash TEXT NOT NULL, raw_tx TEXT NOT NULL,"
              + " status TEXT NOT NULL, created_ms INTEGER NOT NULL)");
      s.execute("INSERT INTO tx_intents VALUES ('claim:x', '0xab', 3, '0x01', '0x02', 'SENT', 1)");
    }
    try (StateDb db = StateDb.open(dir)) {
      TxJournal.Entry e = db.txJournal().find("claim:x").orElseThrow();
      assertThat(e.sentBlock()).isZero();
      assertThat(e.status()).isEqualTo(TxJournal.Status.SENT);
    }
  }
}
