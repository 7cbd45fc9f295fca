package io.tribunal.node.persist;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How often each action's transaction has failed in a row, and when it may be tried again. Kept in
 * the state DB so a restart neither forgets a failing action nor turns back-off into a hot loop.
 * Times are the local wall clock: they only pace retries, never decide anything on-chain.
 */
public final class IntentRetries {
  /** An action's failure record. */
  public record Record(String action, int failures, long nextAttemptMs, String lastError) {}

  private final StateDb db;

  IntentRetries(StateDb db) {
    this.db = db;
  }

  public Optional<Record> find(String action) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "SELECT action, failures, next_ms, last_error FROM intent_retries"
                      + " WHERE action = ?")) {
        ps.setString(1, action);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(
                  new Record(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4)))
              : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading retries of " + action, e);
      }
    }
  }

  /** Records one more failure; the action may be tried again from {@code nextAttemptMs}. */
  public Record failed(String action, long nextAttemptMs, String error) {
    synchronized (db) {
      int failures = find(action).map(Record::failures).orElse(0) + 1;
      String e = error == null ? "" : error;
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT OR REPLACE INTO intent_retries (action, failures, next_ms, last_error)"
                      + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, action);
        ps.setInt(2, failures);
        ps.setLong(3, nextAttemptMs);
        ps.setString(4, e);
        ps.executeUpdate();
      } catch (SQLException ex) {
        throw StateDb.failure("recording a failure of " + action, ex);
      }
      return new Record(action, failures, nextAttemptMs, e);
    }
  }

  /** Forgets the failures of an action (it succeeded, or an operator asked for a fresh budget). */
  public void clear(String action) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("DELETE FROM intent_retries WHERE action = ?")) {
        ps.setString(1, action);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("clearing retries of " + action, e);
      }
    }
  }

  /** Forgets every failure record: a restarted daemon gives each action a fresh budget. */
  public void clearAll() {
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM intent_retries")) {
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("clearing retries", e);
      }
    }
  }
}
