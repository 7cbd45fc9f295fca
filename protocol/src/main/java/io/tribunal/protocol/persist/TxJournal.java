package io.tribunal.protocol.persist;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The intent → transaction journal. Every state-changing transaction a daemon sends has an intent
 * key ({@code claim:<jobId>}, {@code commit:<jobId>}, ...). The signed raw transaction is written
 * here BEFORE it is broadcast, so after a crash the daemon re-broadcasts the same bytes (same
 * nonce, same hash) instead of signing a second transaction for the same intent.
 *
 * <p>Invariant: at most one row per intent; a row's nonce and raw transaction never change.
 */
public final class TxJournal {
  /** Lifecycle of a journaled transaction. */
  public enum Status {
    /** Signed and stored; may or may not have reached the node. */
    SENT,
    /** Mined with status 1. */
    MINED,
    /** Mined and reverted, or dropped for good: the intent needs a decision by its owner. */
    FAILED
  }

  /** One journaled transaction. */
  public record Entry(
      String intent,
      String account,
      BigInteger nonce,
      String txHash,
      String rawTx,
      Status status) {}

  private final StateDb db;

  TxJournal(StateDb db) {
    this.db = db;
  }

  public Optional<Entry> find(String intent) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "SELECT intent, account, nonce, tx_hash, raw_tx, status FROM tx_intents"
                      + " WHERE intent = ?")) {
        ps.setString(1, intent);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading intent " + intent, e);
      }
    }
  }

  /** Records a signed transaction; fails if the intent already has one. */
  public void record(Entry e) {
    synchronized (db) {
      Connection c = db.connection();
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tx_intents (intent, account, nonce, tx_hash, raw_tx, status,"
                  + " created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.intent());
        ps.setString(2, e.account().toLowerCase());
        ps.setLong(3, e.nonce().longValueExact());
        ps.setString(4, e.txHash());
        ps.setString(5, e.rawTx());
        ps.setString(6, e.status().name());
        ps.setLong(7, System.currentTimeMillis());
        ps.executeUpdate();
      } catch (SQLException ex) {
        throw StateDb.failure("recording intent " + e.intent(), ex);
      }
    }
  }

  public void setStatus(String intent, Status status) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("UPDATE tx_intents SET status = ? WHERE intent = ?")) {
        ps.setString(1, status.name());
        ps.setString(2, intent);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("updating intent " + intent, e);
      }
    }
  }

  /** Removes a FAILED intent so its owner may try again with a fresh transaction. */
  public void forget(String intent) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement("DELETE FROM tx_intents WHERE intent = ? AND status = 'FAILED'")) {
        ps.setString(1, intent);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("forgetting intent " + intent, e);
      }
    }
  }

  /** The next nonce this journal would use for {@code account}: one above its highest, if any. */
  public Optional<BigInteger> nextNonce(String account) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "SELECT MAX(nonce) FROM tx_intents WHERE account = ? AND status != 'FAILED'")) {
        ps.setString(1, account.toLowerCase());
        try (ResultSet rs = ps.executeQuery()) {
          long max = rs.next() ? rs.getLong(1) : 0;
          return rs.wasNull() ? Optional.empty() : Optional.of(BigInteger.valueOf(max + 1));
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading the pending nonce", e);
      }
    }
  }

  /** Transactions signed but not yet seen mined (what a restarted daemon re-broadcasts). */
  public List<Entry> pending() {
    synchronized (db) {
      try (PreparedStatement ps =
              db.connection()
                  .prepareStatement(
                      "SELECT intent, account, nonce, tx_hash, raw_tx, status FROM tx_intents"
                          + " WHERE status = 'SENT' ORDER BY account, nonce");
          ResultSet rs = ps.executeQuery()) {
        List<Entry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row(rs));
        }
        return out;
      } catch (SQLException e) {
        throw StateDb.failure("listing pending transactions", e);
      }
    }
  }

  private static Entry row(ResultSet rs) throws SQLException {
    return new Entry(
        rs.getString(1),
        rs.getString(2),
        BigInteger.valueOf(rs.getLong(3)),
        rs.getString(4),
        rs.getString(5),
        Status.valueOf(rs.getString(6)));
  }
}
