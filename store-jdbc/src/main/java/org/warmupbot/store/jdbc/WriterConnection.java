package org.warmupbot.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The group-commit writer's own connection, with its prepared statements kept open across groups, so a group
 * does not borrow a connection and prepare (SQLite: compile) its statements again.
 *
 * <p>Opened on the first transaction. A transaction that fails drops the connection and its statements (rolled
 * back, closed): the next one opens a fresh connection, so a connection broken by a database restart fails only
 * the transaction that met it. A connection idle for longer than {@link #VALIDATE_AFTER_IDLE_NANOS} is checked
 * ({@link Connection#isValid}) before use, as the pool checks one it lends, and replaced when dead.
 *
 * <p>Not thread-safe: used by the writer thread only, and closed once that thread has stopped.
 */
final class WriterConnection implements AutoCloseable {

  /** Opens a connection with auto-commit on (pooled or dedicated). */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  /** Work in one transaction, preparing its statements through {@link #prepare}. */
  @FunctionalInterface
  interface Work<T> {
    T run(WriterConnection statements) throws SQLException;
  }

  /** Idle time after which the connection is checked before use (HikariCP's own threshold). */
  static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final int VALIDATE_TIMEOUT_SECONDS = 2;

  private final Opener opener;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private @Nullable Connection connection;
  private long lastUsedNanos;
  private volatile int opened; // connections opened so far; written by the writer thread only; for tests

  WriterConnection(Opener opener) {
    this.opener = opener;
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns; when anything throws, the transaction is
   * rolled back (when it can be) and the connection dropped, and the failure rethrown.
   */
  <T> T inTransaction(Work<T> work) throws SQLException {
    Connection current = connection();
    try {
      current.setAutoCommit(false);
      T result = work.run(this);
      current.commit();
      // Back to auto-commit: the SQLite driver begins the next (IMMEDIATE) transaction right after a commit, which
      // would hold the write lock while the writer waits for the next group. That implicit BEGIN IMMEDIATE is part
      // of the driver's commit(): when another process holds the write lock past the busy timeout, commit() throws
      // although the data is committed. The group is then written again run by run (GroupCommit), which skips the
      // runs already kept (idempotent by run id): durability holds, but its callers waited for nothing.
      current.setAutoCommit(true);
      lastUsedNanos = System.nanoTime();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        current.rollback();
      } catch (SQLException | RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      drop();
      throw e;
    }
  }

  /** Work on the connection between transactions (auto-commit on). */
  @FunctionalInterface
  interface Idle {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on the open connection between transactions (auto-commit on); does nothing when no
   * connection is open (the writer has not written yet, or dropped a broken one). When {@code work} throws, the
   * connection is dropped, as after a failed transaction, and the failure rethrown as unchecked.
   */
  void betweenTransactions(Idle work) {
    Connection current = connection;
    if (current == null) {
      return;
    }
    try {
      work.run(current);
      lastUsedNanos = System.nanoTime();
    } catch (SQLException | RuntimeException e) {
      drop();
      throw new IllegalStateException("the writer's connection failed between transactions", e);
    }
  }

  /**
   * The statement for {@code sql} on the current connection, prepared on first use and kept until the connection
   * is dropped. Callers must not close it; they leave no batch pending when their work returns.
   */
  PreparedStatement prepare(String sql) throws SQLException {
    Connection current = connection;
    if (current == null) {
      throw new IllegalStateException("prepare outside inTransaction");
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = current.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  private Connection connection() throws SQLException {
    Connection current = connection;
    if (current != null
        && System.nanoTime() - lastUsedNanos > VALIDATE_AFTER_IDLE_NANOS
        && !current.isValid(VALIDATE_TIMEOUT_SECONDS)) {
      drop();
      current = null;
    }
    if (current == null) {
      current = opener.open();
      connection = current;
      opened++;
    }
    return current;
  }

  /** Closes the statements and the connection, ignoring failures: it may be broken already. */
  private void drop() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException ignored) {
        // broken with its connection; nothing to keep
      }
    }
    statements.clear();
    Connection current = connection;
    connection = null;
    if (current != null) {
      try {
        current.close();
      } catch (SQLException | RuntimeException ignored) {
        // a broken connection may refuse to close; it is dropped either way
      }
    }
  }

  /** Connections opened so far (1 while the first one lives); for tests. */
  int openedConnections() {
    return opened;
  }

  /** Statements prepared and kept on the current connection; for tests. */
  int preparedStatements() {
    return statements.size();
  }

  /** Closes the statements and the connection. Idempotent. */
  @Override
  public void close() {
    drop();
  }
}
