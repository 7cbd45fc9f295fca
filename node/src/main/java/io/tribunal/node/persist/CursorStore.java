package io.tribunal.node.persist;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Event-scan cursors: the last block whose events were handled, per scanner name, plus the hashes
 * of recently handled blocks so a scanner can tell that the chain reorganised under it.
 */
public final class CursorStore {
  /** How many block hashes to keep per scanner (deeper reorgs than this are not detected). */
  public static final int KEEP_HASHES = 256;

  private final StateDb db;

  CursorStore(StateDb db) {
    this.db = db;
  }

  public Optional<Long> cursor(String name) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("SELECT block FROM cursors WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading cursor " + name, e);
      }
    }
  }

  /** Advances the cursor to {@code block} and records its hash, atomically. */
  public void advance(String name, long block, String hash) {
    synchronized (db) {
      Connection c = db.connection();
      try {
        c.setAutoCommit(false);
        try (PreparedStatement up =
                c.prepareStatement(
                    "INSERT INTO cursors (name, block) VALUES (?, ?) ON CONFLICT(name)"
                        + " DO UPDATE SET block = excluded.block");
            PreparedStatement seen =
                c.prepareStatement(
                    "INSERT OR REPLACE INTO seen_blocks (name, block, hash) VALUES (?, ?, ?)");
            PreparedStatement prune =
                c.prepareStatement("DELETE FROM seen_blocks WHERE name = ? AND block < ?")) {
          up.setString(1, name);
          up.setLong(2, block);
          up.executeUpdate();
          seen.setString(1, name);
          seen.setLong(2, block);
          seen.setString(3, hash);
          seen.executeUpdate();
          prune.setString(1, name);
          prune.setLong(2, block - KEEP_HASHES);
          prune.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        rollback(c);
        throw StateDb.failure("advancing cursor " + name, e);
      } finally {
        autoCommit(c);
      }
    }
  }

  /** Moves the cursor back (after a reorg) and forgets hashes above it. */
  public void rewind(String name, long block) {
    synchronized (db) {
      Connection c = db.connection();
      try {
        c.setAutoCommit(false);
        try (PreparedStatement up =
                c.prepareStatement("UPDATE cursors SET block = ? WHERE name = ?");
            PreparedStatement del =
                c.prepareStatement("DELETE FROM seen_blocks WHERE name = ? AND block > ?")) {
          up.setLong(1, block);
          up.setString(2, name);
          up.executeUpdate();
          del.setString(1, name);
          del.setLong(2, block);
          del.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        rollback(c);
        throw StateDb.failure("rewinding cursor " + name, e);
      } finally {
        autoCommit(c);
      }
    }
  }

  public Optional<String> hashAt(String name, long block) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement("SELECT hash FROM seen_blocks WHERE name = ? AND block = ?")) {
        ps.setString(1, name);
        ps.setLong(2, block);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading block hash", e);
      }
    }
  }

  /** A small key/value slot (e.g. "registered"). */
  public Optional<String> get(String key) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("SELECT v FROM kv WHERE k = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading " + key, e);
      }
    }
  }

  public void put(String key, String value) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, value);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("writing " + key, e);
      }
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the failure is already being reported
    }
  }

  private static void autoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // next statement will report
    }
  }
}
