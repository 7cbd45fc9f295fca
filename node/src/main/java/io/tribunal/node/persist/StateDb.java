package io.tribunal.node.persist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A daemon's local state: one SQLite file in its data directory, in WAL mode with {@code
 * synchronous=FULL}, so a committed write survives {@code kill -9} (and power loss). The data
 * directory is locked for the process lifetime: a second daemon on the same directory is refused
 * instead of racing the first one's nonces.
 *
 * <p>The chain stays the source of truth: this holds only what the chain cannot tell (progress of
 * local work, the intent → transaction journal, event cursors).
 */
public final class StateDb implements AutoCloseable {
  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS tx_intents (intent TEXT PRIMARY KEY, account TEXT NOT NULL,"
        + " nonce INTEGER NOT NULL, tx_hash TEXT NOT NULL, raw_tx TEXT NOT NULL,"
        + " status TEXT NOT NULL, created_ms INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS tx_by_account ON tx_intents(account, nonce)",
    "CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, phase TEXT NOT NULL,"
        + " data TEXT NOT NULL, updated_ms INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, block INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seen_blocks (name TEXT NOT NULL, block INTEGER NOT NULL,"
        + " hash TEXT NOT NULL, PRIMARY KEY (name, block))",
    "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS intent_retries (action TEXT PRIMARY KEY,"
        + " failures INTEGER NOT NULL, next_ms INTEGER NOT NULL, last_error TEXT NOT NULL)"
  };

  /** Columns added after the first release: table, column, definition. */
  private static final String[][] ADDED_COLUMNS = {
    {"tx_intents", "sent_block", "INTEGER NOT NULL DEFAULT 0"},
    {"jobs", "held_phase", "TEXT"}
  };

  private final Path dir;
  private final Connection connection;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateDb(Path dir, Connection connection, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.connection = connection;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if needed) the state of the daemon whose data directory is {@code dir}. */
  public static StateDb open(Path dir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException(
            "data directory " + dir + " is in use by another running daemon");
      }
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        addMissingColumns(c);
      }
      return new StateDb(dir, c, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open data directory " + dir, e);
    } catch (SQLException e) {
      closeQuietly(channel);
      throw new IllegalStateException("cannot open state DB in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void addMissingColumns(Connection c) throws SQLException {
    for (String[] col : ADDED_COLUMNS) {
      boolean present = false;
      try (Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("PRAGMA table_info(" + col[0] + ")")) {
        while (rs.next()) {
          present |= rs.getString("name").equals(col[1]);
        }
      }
      if (!present) {
        try (Statement s = c.createStatement()) {
          s.execute("ALTER TABLE " + col[0] + " ADD COLUMN " + col[1] + " " + col[2]);
        }
      }
    }
  }

  public Path dir() {
    return dir;
  }

  /** The connection; callers synchronize on this object around multi-statement work. */
  synchronized Connection connection() {
    return connection;
  }

  public TxJournal txJournal() {
    return new TxJournal(this);
  }

  public IntentRetries intentRetries() {
    return new IntentRetries(this);
  }

  public JobTable jobs() {
    return new JobTable(this);
  }

  public CursorStore cursors() {
    return new CursorStore(this);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
    try {
      lock.release();
    } catch (IOException e) {
      // released when the channel closes
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("state DB: " + what + " failed: " + e.getMessage(), e);
  }
}
