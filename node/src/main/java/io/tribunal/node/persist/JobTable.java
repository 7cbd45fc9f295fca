package io.tribunal.node.persist;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs a daemon is working on: the job id, a role-defined phase name and a small JSON document of
 * role data (e.g. the hyper-parameters a relay received). Terminal phases stay for the record.
 */
public final class JobTable {
  /**
   * The phase of a job whose transaction gave up after its retries: the daemon leaves it alone
   * until an operator has fixed the cause and restarted it ({@link #releaseHeld}).
   */
  public static final String ATTENTION = "ATTENTION";

  /** One job row. */
  public record Row(String jobId, String phase, String data) {}

  private final StateDb db;

  JobTable(StateDb db) {
    this.db = db;
  }

  public Optional<Row> get(String jobId) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement("SELECT job_id, phase, data FROM jobs WHERE job_id = ?")) {
        ps.setString(1, jobId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3)))
              : Optional.empty();
        }
      } catch (SQLException e) {
        throw StateDb.failure("reading job " + jobId, e);
      }
    }
  }

  /** Inserts the job if it is new; an existing row is left as it is. Returns true if inserted. */
  public boolean addIfAbsent(String jobId, String phase, String data) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT OR IGNORE INTO jobs (job_id, phase, data, updated_ms) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, jobId);
        ps.setString(2, phase);
        ps.setString(3, data);
        ps.setLong(4, System.currentTimeMillis());
        return ps.executeUpdate() == 1;
      } catch (SQLException e) {
        throw StateDb.failure("adding job " + jobId, e);
      }
    }
  }

  public void put(String jobId, String phase, String data) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT INTO jobs (job_id, phase, data, updated_ms) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT(job_id) DO UPDATE SET phase = excluded.phase,"
                      + " data = excluded.data, updated_ms = excluded.updated_ms")) {
        ps.setString(1, jobId);
        ps.setString(2, phase);
        ps.setString(3, data);
        ps.setLong(4, System.currentTimeMillis());
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("writing job " + jobId, e);
      }
    }
  }

  /** Puts a job on hold for an operator, remembering the phase to resume it in. */
  public void holdForOperator(String jobId) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "UPDATE jobs SET held_phase = phase, phase = ?, updated_ms = ?"
                      + " WHERE job_id = ? AND phase != ?")) {
        ps.setString(1, ATTENTION);
        ps.setLong(2, System.currentTimeMillis());
        ps.setString(3, jobId);
        ps.setString(4, ATTENTION);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("holding job " + jobId, e);
      }
    }
  }

  /** Resumes every held job in the phase it was held in; returns how many. */
  public int releaseHeld() {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "UPDATE jobs SET phase = held_phase, held_phase = NULL"
                      + " WHERE phase = ? AND held_phase IS NOT NULL")) {
        ps.setString(1, ATTENTION);
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw StateDb.failure("releasing held jobs", e);
      }
    }
  }

  /** Jobs in {@code phase}, oldest first. */
  public List<Row> inPhase(String phase) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "SELECT job_id, phase, data FROM jobs WHERE phase = ? ORDER BY updated_ms")) {
        ps.setString(1, phase);
        try (ResultSet rs = ps.executeQuery()) {
          List<Row> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
          return out;
        }
      } catch (SQLException e) {
        throw StateDb.failure("listing jobs in " + phase, e);
      }
    }
  }

  /** Jobs whose phase is neither in {@code terminal} nor {@link #ATTENTION}, oldest first. */
  public List<Row> active(List<String> terminal) {
    synchronized (db) {
      try (PreparedStatement ps =
              db.connection()
                  .prepareStatement("SELECT job_id, phase, data FROM jobs ORDER BY updated_ms");
          ResultSet rs = ps.executeQuery()) {
        List<Row> out = new ArrayList<>();
        while (rs.next()) {
          if (!terminal.contains(rs.getString(2)) && !ATTENTION.equals(rs.getString(2))) {
            out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
        return out;
      } catch (SQLException e) {
        throw StateDb.failure("listing jobs", e);
      }
    }
  }

  public long count(String phase) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection().prepareStatement("SELECT COUNT(*) FROM jobs WHERE phase = ?")) {
        ps.setString(1, phase);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      } catch (SQLException e) {
        throw StateDb.failure("counting jobs", e);
      }
    }
  }
}
