package io.tribunal.node.persist;

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
    /**
     * Proven failed by the chain: the transaction was mined and reverted, or a different
     * transaction with its nonce was mined and confirmed. Never set on a mere absence of a receipt.
     */
    FAILED
  }

  /**
   * One journaled transaction. {@code sentBlock} is the chain head when it was signed: it cannot
   * have been mined at or below it (0 for rows journaled before this was recorded).
   */
  public record Entry(
      String intent,
      String account,
      BigInteger nonce,
      String txHash,
      String rawTx,
      Status status,
      long sentBlock) {}

  private static final String COLUMNS =
      "intent, account, nonce, tx_hash, raw_tx, status, sent_block";

  private final StateDb db;

  TxJournal(StateDb db) {
    this.db = db;
  }

  public Optional<Entry> find(String intent) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement("SELECT " + COLUMNS + " FROM tx_intents WHERE intent = ?")) {
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
                  + " created_ms, sent_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, e.intent());
        ps.setString(2, e.account().toLowerCase());
        ps.setLong(3, e.nonce().longValueExact());
        ps.setString(4, e.txHash());
        ps.setString(5, e.rawTx());
        ps.setString(6, e.status().name());
        ps.setLong(7, System.currentTimeMillis());
        ps.setLong(8, e.sentBlock());
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

  /**
   * Moves a FAILED intent's row aside (renamed {@code <intent>~<n>}, kept for the record) so its
   * owner may try again with a fresh transaction under the same key. Returns false if the intent is
   * not FAILED.
   */
  public boolean archiveFailed(String intent) {
    synchronized (db) {
      String archived = intent + "~" + (count(intent + "~") + 1);
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "UPDATE tx_intents SET intent = ? WHERE intent = ? AND status = 'FAILED'")) {
        ps.setString(1, archived);
        ps.setString(2, intent);
        return ps.executeUpdate() == 1;
      } catch (SQLException e) {
        throw StateDb.failure("archiving intent " + intent, e);
      }
    }
  }

  /** How many journal rows have an intent key starting with {@code prefix}. */
  public int count(String prefix) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement("SELECT COUNT(*) FROM tx_intents WHERE substr(intent, 1, ?) = ?")) {
        ps.setInt(1, prefix.length());
        ps.setString(2, prefix);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      } catch (SQLException e) {
        throw StateDb.failure("counting intents " + prefix, e);
      }
    }
  }

  /** The SENT (not yet settled) rows whose intent key starts with {@code prefix}, oldest first. */
  public List<Entry> pending(String prefix) {
    return pending().stream().filter(e -> e.intent().startsWith(prefix)).toList();
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

  /** Every row, in the order the account's nonces were assigned. */
  public List<Entry> all() {
    return select("", "listing transactions");
  }

  /** Transactions signed but not yet seen mined (what a restarted daemon re-broadcasts). */
  public List<Entry> pending() {
    return select("WHERE status = 'SENT'", "listing pending transactions");
  }

  private List<Entry> select(String where, String what) {
    synchronized (db) {
      try (PreparedStatement ps =
              db.connection()
                  .prepareStatement(
                      "SELECT "
                          + COLUMNS
                          + " FROM tx_intents "
                          + where
                          + " ORDER BY account, nonce, intent");
          ResultSet rs = ps.executeQuery()) {
        List<Entry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row(rs));
        }
        return out;
      } catch (SQLException e) {
        throw StateDb.failure(what, e);
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
        Status.valueOf(rs.getString(6)),
        rs.getLong(7));
  }
}
