package org.warmupbot.store.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * The locks a store takes beside its database, held as long as it is open and gone with its process (even a
 * crashed one): they tell whether another bot process (a {@code run} process or a terminal command) has the store
 * open, for a week zone change, and keep the sessions each process serves its own ({@link #claim}).
 *
 * <p>PostgreSQL: session-level advisory locks on a connection of the store's own. SQLite: byte-range locks on
 * {@code <file>.lock} beside the database, through one channel per file in this JVM (closing any channel of a
 * file drops every lock this process holds on it, so the stores of one JVM share it). Thread-safe; closed with
 * the store.
 */
interface OtherProcesses extends AutoCloseable {

  /** The {@code ApplicationName} of every pooled and writer connection of a PostgreSQL store ends in its own id. */
  String POSTGRES_APPLICATION_PREFIX = "warmup-bot ";

  /** What a store does while it opens, knowing whether another bot process has the store open now. */
  @FunctionalInterface
  interface Opening {
    void run(boolean othersConnected);
  }

  /**
   * Runs {@code opening} (the week zone check and any re-bucketing) while no other store of this database opens,
   * then counts this store among the open ones. Runs it once.
   */
  void opening(Opening opening);

  /**
   * Claims {@code claim}'s sessions for as long as this store is open.
   *
   * @throws SessionsClaimedException when another open store claimed any of them; this one then claims nothing
   */
  void claim(SessionClaim claim, String where);

  /**
   * Checks that the claims of this store are still held, and takes them again where they can be (PostgreSQL: a
   * new lock connection when the old one's session ended). When they cannot (another process claimed them
   * meanwhile, or the SQLite lock file was replaced), logs an ERROR naming the conflict, and {@link #intact}
   * turns false until they can be taken again. Returns within about {@link PostgresLocks#CHECK_TIMEOUT} (a
   * check that cannot finish by then, as on a stalled network or while another process opens the store, gives up
   * for this round with a WARN and leaves {@link #intact} as it was). Never throws; called every few seconds by
   * the launcher's chores.
   */
  void check();

  /** False once {@link #check} found the claims lost to another process; for health checks. */
  boolean intact();

  @Override
  void close();

  // The locks' layout. PostgreSQL: advisory keys (NAMESPACE, n) for the store-wide ones, (NAMESPACE + 1, shard
  // count) and (NAMESPACE + 2, shard id) for Discord. SQLite: bytes of the lock file, see SqliteLocks.

  /** An arbitrary key space ("WRMU") for this bot's advisory locks, so they do not meet another application's. */
  int NAMESPACE = 0x57524D55;
  /** Held exclusively while a store opens or claims: those steps of two processes happen one after the other. */
  int OPENING = 0;
  /** Held shared by every open store; exclusively by one that finds itself alone. */
  int OPEN = 1;
  /** Held exclusively by the store of the process serving Slack. */
  int SLACK = 2;

  /**
   * Runs {@code wait}, logging at INFO that it waits for another process when it has not returned after {@link
   * OpeningNotice#AFTER}. The wait itself is not bounded: the other process's opening may re-bucket the weekly
   * boards (minutes on a big store), and the process waiting can always be stopped.
   */
  static <T, E extends Exception> T noticedWait(String where, WaitStep<T, E> wait) throws E {
    AtomicBoolean over = new AtomicBoolean();
    OpeningNotice.timer.execute(() -> {
      if (!over.get()) {
        LoggerFactory.getLogger(OtherProcesses.class).info("Waiting for another process that is opening the store "
            + "{} (or claiming its sessions): its week zone change or migration may take a while; this process goes"
            + " on when it is done, or stop it", where);
      }
    });
    try {
      return wait.run();
    } finally {
      over.set(true);
    }
  }

  /** When a wait of {@link #noticedWait} is logged. */
  final class OpeningNotice {
    static final Duration AFTER = Duration.ofSeconds(5);
    /** Runs a notice after {@link #AFTER}; tests replace it to run notices by hand. */
    static volatile Executor timer = CompletableFuture.delayedExecutor(AFTER.toMillis(), TimeUnit.MILLISECONDS);

    private OpeningNotice() {}
  }

  /** A blocking step of {@link #noticedWait}. */
  @FunctionalInterface
  interface WaitStep<T, E extends Exception> {
    T run() throws E;
  }

  /** Opens a lock connection (auto-commit on) whose login and every read are bounded by {@code timeout}. */
  @FunctionalInterface
  interface BoundedOpener {
    Connection open(Duration timeout) throws SQLException;
  }

  /** PostgreSQL, through {@code connector}'s connections of the store's own, the first opened now. */
  static OtherProcesses postgres(BoundedOpener connector, String where, Duration checkTimeout) {
    try {
      return new PostgresLocks(connector, where, checkTimeout);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot open the store's lock connection: " + e.getMessage(), e);
    }
  }

  /**
   * SQLite: locks on {@code <file>.lock} beside {@code database}. When the lock file cannot be used (a read-only
   * folder), nobody else is seen and nothing is claimed, with a warning.
   */
  static OtherProcesses sqlite(Path database) {
    return SqliteLocks.open(database.resolveSibling(database.getFileName() + ".lock").toAbsolutePath().normalize());
  }

  /** See {@link OtherProcesses}: PostgreSQL. */
  final class PostgresLocks implements OtherProcesses {
    private static final Logger log = LoggerFactory.getLogger(PostgresLocks.class);
    /**
     * The longest a {@link #check} waits on the network (the lock connection's answers, a new connection's login)
     * before it gives up for this round; also the bound of every read on the lock connection but the deliberate
     * wait for another process's opening at start.
     */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    private final Duration checkTimeout; // CHECK_TIMEOUT but in tests, which need not wait 10 s per round
    private final BoundedOpener connector;
    private final String where;
    private Connection connection; // auto-commit; guarded by this
    private boolean connected; // false once the check gave the connection up; guarded by this
    /**
     * The database session {@link #connection} opened (server process id and start, as {@code pg_stat_activity}
     * has them: a process id alone may be reused): ended by a check that replaces the connection (it may linger).
     */
    private int sessionPid; // guarded by this
    private @Nullable Timestamp sessionStart; // guarded by this
    /**
     * Sessions of this store's own whose connections it gave up (a stalled network: the server may not have
     * noticed, and they may hold this store's locks still), ended by the check until they are gone; guarded by this.
     */
    private final List<Session> stale = new ArrayList<>();
    private final List<SessionClaim> claims = new ArrayList<>(); // taken; guarded by this
    private boolean open; // counted among the open stores; guarded by this
    private boolean closed; // guarded by this
    private volatile boolean intact = true;
    /** What the last check that gave up waited for, so a long outage is warned of once; guarded by this. */
    private @Nullable String gaveUpOn;

    /** A database session: server process id and start ({@code pg_stat_activity}'s pid and backend_start). */
    private record Session(int pid, Timestamp start) {}

    /** The check found another process's opening or claiming under way, and does not wait for it. */
    private static final class OpeningBusy extends Exception {
      OpeningBusy() {
        super(null, null, false, false);
      }
    }

    PostgresLocks(BoundedOpener connector, String where, Duration checkTimeout) throws SQLException {
      this.checkTimeout = checkTimeout;
      this.connector = connector;
      this.where = where;
      this.connection = connect(checkTimeout);
      this.connected = true;
    }

    /**
     * A new lock connection. Refused behind a pooler in transaction mode (PgBouncer's {@code pool_mode =
     * transaction}): each statement may run on another server session, and a session's advisory locks then
     * neither hold nor get released.
     */
    private Connection connect(Duration timeout) throws SQLException {
      Connection opened = connector.open(timeout);
      try {
        opened.setAutoCommit(true);
        opened.setNetworkTimeout(Runnable::run, millis(timeout));
        int first = backendPid(opened);
        int second = backendPid(opened);
        if (first == second) {
          sessionPid = first;
          sessionStart = backendStart(opened);
        } else {
          throw new StoreUnavailableException("the store " + where + " answers one connection's statements from"
              + " several database sessions (server process " + first + ", then " + second + "): a connection"
              + " pooler in transaction mode (PgBouncer pool_mode = transaction) is between the bot and"
              + " PostgreSQL, and the bot's session locks (which keep two processes from serving the same sessions)"
              + " cannot work through it. Connect the bot to PostgreSQL directly or through session mode.", null);
        }
        return opened;
      } catch (SQLException | RuntimeException e) {
        opened.close();
        throw e;
      }
    }

    private static int millis(Duration duration) {
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * Gives the lock connection up: closes it (which may not reach the server) and remembers its session, to be
     * ended by a later check if it lingers.
     */
    private void abandonConnection() {
      if (sessionStart != null && !stale.contains(new Session(sessionPid, sessionStart))) {
        stale.add(new Session(sessionPid, sessionStart));
      }
      sessionStart = null;
      connected = false;
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the session is gone already, or unreachable: ended later
      }
    }

    /**
     * Ends the stale sessions of this store's own that still exist (the same role may), forgetting those gone, and
     * waits until {@code deadline} for them to go ({@code pg_terminate_backend} only asks, and a session asked holds
     * its locks until it is gone). Those still there at the deadline are kept, to be ended by the next check.
     */
    private void endStaleSessions(long deadline) throws SQLException {
      List<Session> asked = new ArrayList<>();
      for (java.util.Iterator<Session> each = stale.iterator(); each.hasNext(); ) {
        Session session = each.next();
        try (PreparedStatement end = connection.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ? AND backend_start = ?")) {
          end.setInt(1, session.pid());
          end.setTimestamp(2, session.start());
          try (ResultSet rows = end.executeQuery()) {
            if (!rows.next()) {
              each.remove(); // gone
            } else if (rows.getBoolean(1)) {
              asked.add(session);
            } else {
              log.warn("Could not end this process's earlier lock session {} on {} (not allowed?); it ends when the"
                  + " server notices its connection is gone", session.pid(), where);
              each.remove();
            }
          }
        }
      }
      while (!asked.isEmpty() && deadline - System.nanoTime() > 0) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        bound(deadline);
        for (java.util.Iterator<Session> each = asked.iterator(); each.hasNext(); ) {
          Session session = each.next();
          try (PreparedStatement exists = connection.prepareStatement(
              "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND backend_start = ?")) {
            exists.setInt(1, session.pid());
            exists.setTimestamp(2, session.start());
            try (ResultSet rows = exists.executeQuery()) {
              if (!rows.next()) {
                each.remove();
                stale.remove(session);
              }
            }
          }
        }
      }
    }

    private static @Nullable Timestamp backendStart(Connection connection) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement(
              "SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()");
          ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getTimestamp(1) : null;
      }
    }

    private static int backendPid(Connection connection) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement("SELECT pg_backend_pid()");
          ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }

    @Override
    public synchronized void opening(Opening opening) {
      try {
        lockOpening();
        try {
          boolean alone = call("pg_try_advisory_lock", NAMESPACE, OPEN);
          boolean named = namedSessions(); // an earlier version's process takes no advisory lock
          opening.run(!alone || named);
          call("pg_advisory_lock_shared", NAMESPACE, OPEN); // ours too: a session's locks never conflict
          if (alone) {
            call("pg_advisory_unlock", NAMESPACE, OPEN);
          }
          open = true;
        } finally {
          call("pg_advisory_unlock", NAMESPACE, OPENING);
        }
      } catch (SQLException e) {
        throw new StoreUnavailableException("cannot take the store's open lock: " + e.getMessage(), e);
      }
    }

    /**
     * Sessions on this database named by another store ({@code warmup-bot <id>}) or a board listener. Not seen
     * when {@code ApplicationName} in the URL names every connection alike: the advisory lock tells then.
     */
    private boolean namedSessions() throws SQLException {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
              + " AND (application_name = ? OR (application_name LIKE ?"
              + " AND application_name <> current_setting('application_name')))")) {
        query.setString(1, BoardNotifications.APPLICATION_NAME);
        query.setString(2, POSTGRES_APPLICATION_PREFIX + "%");
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          return rows.getLong(1) > 0;
        }
      }
    }

    @Override
    public synchronized void claim(SessionClaim claim, String where) {
      take(claim, where);
      claims.add(claim);
    }

    /**
     * Waits for the opening lock, logging a wait of more than {@link OpeningNotice#AFTER}; only this wait is not
     * bounded by {@link #checkTimeout} (another process's opening may take minutes).
     */
    private void lockOpening() throws SQLException {
      if (!call("pg_try_advisory_lock", NAMESPACE, OPENING)) {
        connection.setNetworkTimeout(Runnable::run, 0);
        try {
          noticedWait(where, () -> call("pg_advisory_lock", NAMESPACE, OPENING));
        } finally {
          connection.setNetworkTimeout(Runnable::run, millis(checkTimeout));
        }
      }
    }

    private void take(SessionClaim claim, String where) {
      try {
        lockOpening();
        try {
          takeWhileOpening(claim, where);
        } finally {
          call("pg_advisory_unlock", NAMESPACE, OPENING);
        }
      } catch (SQLException e) {
        throw new StoreUnavailableException("cannot claim the sessions of this process on the store " + where
            + ": " + e.getMessage(), e);
      }
    }

    /** Takes {@code claim}'s locks, all or none, while this store holds the opening lock. */
    private void takeWhileOpening(SessionClaim claim, String where) throws SQLException {
      List<int[]> taken = new ArrayList<>(); // {function 0 exclusive / 1 shared, key1, key2}
      boolean done = false;
      try {
        if (claim.slack()) {
          if (!call("pg_try_advisory_lock", NAMESPACE, SLACK)) {
            throw SessionsClaimedException.slack(where, holder(NAMESPACE, SLACK));
          }
          taken.add(new int[] {0, NAMESPACE, SLACK});
        }
        if (claim.discord()) {
          call("pg_advisory_lock_shared", NAMESPACE + 1, claim.discordShards()); // nobody holds a count exclusively
          taken.add(new int[] {1, NAMESPACE + 1, claim.discordShards()});
          Set<Long> otherCounts = otherDiscordCounts(claim.discordShards());
          if (!otherCounts.isEmpty()) {
            long count = otherCounts.iterator().next();
            throw SessionsClaimedException.discordShardCount(where, claim,
                count == 1 ? "no shards (every server)" : count + " shards (discord.shards " + count + ")");
          }
          Set<Integer> held = new TreeSet<>();
          for (int shard : claim.discordShardIds()) {
            if (call("pg_try_advisory_lock", NAMESPACE + 2, shard)) {
              taken.add(new int[] {0, NAMESPACE + 2, shard});
            } else {
              held.add(shard);
            }
          }
          if (!held.isEmpty()) {
            throw SessionsClaimedException.discordShards(where, claim, held,
                holder(NAMESPACE + 2, held.iterator().next()));
          }
        }
        done = true;
      } finally {
        if (!done) {
          for (int[] lock : taken) {
            call(lock[0] == 0 ? "pg_advisory_unlock" : "pg_advisory_unlock_shared", lock[1], lock[2]);
          }
        }
      }
    }

    /**
     * Who holds lock {@code (key1, key2)}, for the refusal: a process whose host crashed keeps its database
     * session (and its locks) until the server's TCP keepalive gives up, about two hours by default.
     */
    private String holder(int key1, int key2) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement("SELECT a.pid, host(a.client_addr),"
          + " a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
          + " WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()"
          + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
          + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2")) {
        query.setLong(1, key1);
        query.setLong(2, key2);
        try (ResultSet rows = query.executeQuery()) {
          if (!rows.next()) {
            return "";
          }
          int pid = rows.getInt(1);
          String client = rows.getString(2);
          java.sql.Timestamp since = rows.getTimestamp(4);
          return " It is held by the database session with pid " + pid + " (client "
              + (client == null ? "unknown or local" : client) + ", application_name '" + rows.getString(3) + "'"
              + (since == null ? "" : ", connected since " + since.toInstant()) + "). If no bot process runs"
              + " there (after a crash of its host the server keeps its session for up to about two hours), end"
              + " that session: SELECT pg_terminate_backend(" + pid + ");";
        }
      }
    }

    @Override
    public boolean intact() {
      return intact;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every wait is bounded by {@link #checkTimeout} in all: the lock connection's answers and a new
     * connection's login through the connection's network timeout, and another process's opening by a try of the
     * opening lock instead of a wait for it. Holds this store's monitor, so a {@link #close} waits for it.
     */
    @Override
    public synchronized void check() {
      // Also after the claims were found lost: once they can be taken again (this process's old session, or the
      // other process, is gone), the store is whole again.
      if (closed || (claims.isEmpty() && !open)) {
        return;
      }
      long deadline = System.nanoTime() + checkTimeout.toNanos();
      try {
        try {
          if (connected && holdsItsLocks(deadline)) {
            intact = true;
            gaveUpOn = null;
            return;
          }
        } catch (SQLException endedOrStalled) {
          log.debug("The store's lock connection to {} failed its check: {}", where, endedOrStalled.getMessage());
        }
        takeAgain(deadline);
        intact = true;
        gaveUpOn = null;
        log.info("Took this process's claims on the store {} again, on a new lock connection", where);
      } catch (SessionsClaimedException lost) {
        if (!stale.isEmpty()) {
          // Held, maybe, by this process's own old session, asked to end but not gone yet: not lost.
          gaveUp("this process's own earlier lock session, asked to end, may still hold the claims", null);
        } else if (!intact) {
          log.debug("The claims on the store {} are still held elsewhere: {}", where, lost.getMessage());
        } else {
          intact = false;
          gaveUpOn = null;
          log.error("This process lost its claims on the store {}: its lock connection ended (a database restart,"
              + " idle_session_timeout, a dropped connection or pg_terminate_backend) and another process claimed"
              + " the same sessions since. Both may now serve them: stop one of them, then restart this one. {}",
              where, lost.getMessage());
        }
      } catch (OpeningBusy busy) {
        abandonConnection();
        gaveUp("another process is opening the store or claiming its sessions (it holds the opening lock), and the"
            + " check does not wait for it", null);
      } catch (SQLException | RuntimeException unreachable) {
        abandonConnection();
        gaveUp("no answer from the database within " + checkTimeout.toSeconds() + " s (the lock connection ended,"
            + " or the network stalls)", unreachable);
      } finally {
        if (connected) {
          try {
            connection.setNetworkTimeout(Runnable::run, millis(checkTimeout)); // the check's own bound lifted
          } catch (SQLException closed) {
            connected = false;
          }
        }
      }
    }

    /**
     * Connects again and takes this store's locks, ending its own stale sessions first; leaves the connection for
     * the caller to abandon when anything fails.
     */
    private void takeAgain(long deadline) throws SQLException, OpeningBusy {
      abandonConnection();
      connection = connect(left(deadline));
      connected = true;
      bound(deadline);
      // An old session may outlive its connection (a stalled network: the server has not noticed yet) and still
      // hold this process's locks; ending it (the same role may) frees them for the new one.
      endStaleSessions(deadline);
      if (!call("pg_try_advisory_lock", NAMESPACE, OPENING)) {
        throw new OpeningBusy();
      }
      try {
        // Nobody else holds OPEN exclusively while this store holds the opening lock; a try all the same.
        if (open && !call("pg_try_advisory_lock_shared", NAMESPACE, OPEN)) {
          throw new OpeningBusy();
        }
        for (SessionClaim claim : claims) {
          takeWhileOpening(claim, where);
        }
      } finally {
        call("pg_advisory_unlock", NAMESPACE, OPENING);
      }
    }

    /** The time left until {@code deadline}; throws when none is. */
    private Duration left(long deadline) throws SQLTimeoutException {
      long nanos = deadline - System.nanoTime();
      if (nanos <= 0) {
        throw new SQLTimeoutException("the lock connection did not answer in time");
      }
      return Duration.ofNanos(nanos);
    }

    /** Bounds the lock connection's next reads by the time left until {@code deadline}. */
    private void bound(long deadline) throws SQLException {
      connection.setNetworkTimeout(Runnable::run, millis(left(deadline)));
    }

    /**
     * The check gave up for this round ({@code why}): warned once until a check succeeds or gives up for another
     * reason, so an outage is not logged every few seconds.
     */
    private void gaveUp(String why, @Nullable Exception cause) {
      String detail = cause == null ? "" : ": " + cause.getMessage();
      if (why.equals(gaveUpOn)) {
        log.debug("The claims check on the store {} gave up again: {}{}", where, why, detail);
        return;
      }
      gaveUpOn = why;
      log.warn("The claims check on the store {} gave up for now: {}{}. It tries again every few seconds; the claims"
          + " are not known to be lost{}.", where, why, detail, intact ? "" : " (they were lost before)");
    }

    /** Whether the lock connection still holds the locks of this store; throws when its session ended. */
    private boolean holdsItsLocks(long deadline) throws SQLException {
      Set<List<Long>> expected = new java.util.HashSet<>();
      if (open) {
        expected.add(List.of((long) NAMESPACE, (long) OPEN));
      }
      for (SessionClaim claim : claims) {
        if (claim.slack()) {
          expected.add(List.of((long) NAMESPACE, (long) SLACK));
        }
        if (claim.discord()) {
          expected.add(List.of((long) NAMESPACE + 1, (long) claim.discordShards()));
          claim.discordShardIds().forEach(shard -> expected.add(List.of((long) NAMESPACE + 2, (long) shard)));
        }
      }
      // A connection dropped silently (a NAT or firewall) would otherwise hang here for many minutes.
      bound(deadline);
      try (PreparedStatement query = connection.prepareStatement("SELECT classid::bigint, objid::bigint FROM pg_locks"
          + " WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND objsubid = 2")) {
        Set<List<Long>> held = new java.util.HashSet<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            held.add(List.of(rows.getLong(1), rows.getLong(2)));
          }
        }
        return held.containsAll(expected);
      }
    }

    /** The Discord shard counts other sessions on this database have claimed, but {@code mine}. */
    private Set<Long> otherDiscordCounts(int mine) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT DISTINCT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
              + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
              + " AND classid::bigint = ? AND objsubid = 2 AND objid::bigint <> ?")) {
        query.setLong(1, NAMESPACE + 1);
        query.setLong(2, mine);
        Set<Long> counts = new TreeSet<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            counts.add(rows.getLong(1));
          }
        }
        return counts;
      }
    }

    /** {@code SELECT function(key1, key2)}: the lock function's boolean, or true for those that return nothing. */
    private boolean call(String function, int key1, int key2) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
        statement.setInt(1, key1);
        statement.setInt(2, key2);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          Object value = rows.getObject(1);
          return !(value instanceof Boolean answer) || answer;
        }
      }
    }

    @Override
    public synchronized void close() {
      closed = true;
      try {
        connection.close(); // ends the session, and with it every lock of this store
      } catch (SQLException e) {
        LoggerFactory.getLogger(PostgresLocks.class).debug("Closing the store's lock connection failed", e);
      }
    }
  }

  /**
   * See {@link OtherProcesses}: SQLite. Bytes of the lock file: each open store holds a shared lock on one byte of
   * its own in {@code [1, 2^40)} (another store is open when some byte there is locked by someone else); above
   * {@link #CLAIMS} the opening byte, the Slack byte, a byte per Discord shard count (shared) and one per shard.
   */
  final class SqliteLocks implements OtherProcesses {
    private static final Logger log = LoggerFactory.getLogger(SqliteLocks.class);
    /** The bytes a store picks its own from: collisions (harmless anyway) are negligible. */
    private static final long BYTES = 1L << 40;
    private static final long CLAIMS = 1L << 41;
    private static final long OPENING_BYTE = CLAIMS + OPENING;
    private static final long SLACK_BYTE = CLAIMS + SLACK;
    private static final long COUNTS = CLAIMS + (1L << 20); // + shard count, up to SessionClaim.MAX_SHARDS
    private static final long SHARDS = CLAIMS + (1L << 21); // + shard id
    /** The lock files this JVM has open, by absolute path; guarded by itself. */
    private static final Map<Path, SharedFile> FILES = new HashMap<>();

    /** One lock file's channel, shared by this JVM's stores on it; guarded by itself. */
    private static final class SharedFile {
      final Path path;
      final FileChannel channel;
      /** The file's identity when opened (null where the file system has none): deleting it drops every lock. */
      final @Nullable Object key;
      int stores;
      /** Shared locks this JVM holds for several stores, with how many hold each (Java refuses a second one). */
      final Map<Long, FileLock> shared = new HashMap<>();
      final Map<Long, Integer> holders = new HashMap<>();

      SharedFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.key = fileKey(path);
      }
    }

    private final @Nullable SharedFile file;
    private volatile boolean intact = true;
    private final List<FileLock> mine = new ArrayList<>(); // guarded by file
    private final List<Long> sharedHeld = new ArrayList<>(); // guarded by file
    private boolean closed; // guarded by file

    private SqliteLocks(@Nullable SharedFile file) {
      this.file = file;
    }

    static SqliteLocks open(Path lockFile) {
      synchronized (FILES) {
        SharedFile file = FILES.get(lockFile);
        if (file == null) {
          try {
            file = new SharedFile(lockFile, FileChannel.open(
                lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
          } catch (IOException e) {
            log.warn("Cannot use {} to tell whether another bot process uses the store ({}); a week zone change is"
                + " then applied without that check, and the sessions of this process are not claimed", lockFile,
                e.toString());
            return new SqliteLocks(null);
          }
          FILES.put(lockFile, file);
        }
        file.stores++;
        return new SqliteLocks(file);
      }
    }

    @Override
    public void opening(Opening opening) {
      SharedFile shared = file;
      if (shared == null) {
        opening.run(false);
        return;
      }
      synchronized (shared) {
        FileLock serial = lockOpening(shared);
        try {
          opening.run(lockedByOthers(shared, 0, BYTES));
          mine.add(ownByte(shared));
        } finally {
          release(serial);
        }
      }
    }

    /** Waits for another process's store opening or claiming; this JVM's wait on the monitor instead. */
    private static FileLock lockOpening(SharedFile shared) {
      try {
        FileLock lock = shared.channel.tryLock(OPENING_BYTE, 1, false);
        return lock != null ? lock
            : noticedWait(shared.path.toString(), () -> shared.channel.lock(OPENING_BYTE, 1, false));
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
      }
    }

    private static FileLock ownByte(SharedFile shared) {
      for (int attempt = 0; ; attempt++) {
        long offset = 1 + ThreadLocalRandom.current().nextLong(BYTES - 2);
        try {
          return shared.channel.lock(offset, 1, true); // waits out a probe of an earlier version's process
        } catch (OverlappingFileLockException | IOException taken) {
          if (attempt == 3) {
            throw new StoreUnavailableException("no free byte to lock in " + shared.path + ": " + taken, taken);
          }
        }
      }
    }

    /** Whether a byte of {@code [position, position + size)} is locked by another process or store of this JVM. */
    private static boolean lockedByOthers(SharedFile shared, long position, long size) {
      if (size <= 0) {
        return false;
      }
      try {
        FileLock probe = shared.channel.tryLock(position, size, false);
        if (probe == null) {
          return true; // another process holds a byte of it
        }
        probe.release();
        return false;
      } catch (OverlappingFileLockException sameJvm) {
        return true; // another store of this JVM holds a byte of it
      } catch (IOException e) {
        log.warn("Cannot probe the store's lock file {}: {}", shared.path, e.toString());
        return false;
      }
    }

    @Override
    public void claim(SessionClaim claim, String where) {
      SharedFile shared = file;
      if (shared == null) {
        return; // warned at open
      }
      synchronized (shared) {
        FileLock serial = lockOpening(shared);
        List<FileLock> taken = new ArrayList<>();
        Long count = null;
        boolean done = false;
        try {
          if (claim.slack()) {
            taken.add(exclusive(shared, SLACK_BYTE).orElseThrow(() -> SessionsClaimedException.slack(where,
                neverStale(shared))));
          }
          if (claim.discord()) {
            long countByte = COUNTS + claim.discordShards();
            holdShared(shared, countByte);
            count = countByte;
            if (lockedByOthers(shared, COUNTS, claim.discordShards())
                || lockedByOthers(shared, countByte + 1, SessionClaim.MAX_SHARDS - claim.discordShards())) {
              throw SessionsClaimedException.discordShardCount(where, claim, "another number of shards");
            }
            Set<Integer> held = new TreeSet<>();
            for (int shard : claim.discordShardIds()) {
              java.util.Optional<FileLock> lock = exclusive(shared, SHARDS + shard);
              if (lock.isPresent()) {
                taken.add(lock.get());
              } else {
                held.add(shard);
              }
            }
            if (!held.isEmpty()) {
              throw SessionsClaimedException.discordShards(where, claim, held, neverStale(shared));
            }
          }
          done = true;
        } finally {
          if (done) {
            mine.addAll(taken);
            if (count != null) {
              sharedHeld.add(count);
            }
          } else {
            taken.forEach(SqliteLocks::release);
            if (count != null) {
              dropShared(shared, count);
            }
          }
          release(serial);
        }
      }
    }

    private static String neverStale(SharedFile shared) {
      return " The claim is a lock on " + shared.path + ", which is never stale: the operating system frees its"
          + " locks when the process holding them ends, crashed or not. Do not delete that file: that would drop the"
          + " running process's claims.";
    }

    private static @Nullable Object fileKey(Path path) {
      try {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (IOException gone) {
        return null;
      }
    }

    @Override
    public boolean intact() {
      return intact;
    }

    @Override
    public void check() {
      SharedFile shared = file;
      if (shared == null || shared.key == null || !intact) {
        return;
      }
      synchronized (shared) {
        if (closed) {
          return;
        }
      }
      Object now;
      try {
        now = Files.readAttributes(shared.path, BasicFileAttributes.class).fileKey();
      } catch (IOException gone) {
        now = null;
      }
      if (!shared.key.equals(now)) {
        intact = false;
        log.error("The store's lock file {} was deleted or replaced while this process runs: the locks that keep"
            + " another bot process from serving the same sessions (and from changing the week zone) are gone with"
            + " it, so another process may now serve them too. The lock file is never stale: never delete it. Stop"
            + " every bot process on this store, then start them again.", shared.path);
      }
    }

    /** An exclusive lock on byte {@code position}; empty when another process or store of this JVM holds it. */
    private static java.util.Optional<FileLock> exclusive(SharedFile shared, long position) {
      try {
        return java.util.Optional.ofNullable(shared.channel.tryLock(position, 1, false));
      } catch (OverlappingFileLockException sameJvm) {
        return java.util.Optional.empty();
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
      }
    }

    /** A shared lock on byte {@code position} for one more store of this JVM. */
    private static void holdShared(SharedFile shared, long position) {
      Integer holders = shared.holders.get(position);
      if (holders == null) {
        FileLock lock;
        try {
          lock = shared.channel.tryLock(position, 1, true);
        } catch (IOException e) {
          throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
        }
        if (lock == null) {
          throw new StoreUnavailableException("byte " + position + " of " + shared.path + " is locked exclusively"
              + " by another process: is the file used by another program?", null);
        }
        shared.shared.put(position, lock);
        holders = 0;
      }
      shared.holders.put(position, holders + 1);
    }

    private static void dropShared(SharedFile shared, long position) {
      int holders = shared.holders.getOrDefault(position, 1) - 1;
      if (holders > 0) {
        shared.holders.put(position, holders);
        return;
      }
      shared.holders.remove(position);
      FileLock lock = shared.shared.remove(position);
      if (lock != null) {
        release(lock);
      }
    }

    private static void release(FileLock lock) {
      try {
        lock.release();
      } catch (IOException e) {
        log.debug("Releasing a lock of the store's lock file failed", e);
      }
    }

    @Override
    public void close() {
      SharedFile shared = file;
      if (shared == null) {
        return;
      }
      synchronized (shared) {
        if (closed) {
          return;
        }
        closed = true;
        mine.forEach(SqliteLocks::release);
        sharedHeld.forEach(position -> dropShared(shared, position));
      }
      synchronized (FILES) {
        if (--shared.stores == 0) {
          FILES.remove(shared.path);
          try {
            shared.channel.close(); // only now: closing it drops every lock this process holds on the file
          } catch (IOException e) {
            log.debug("Closing the store's lock file failed", e);
          }
        }
      }
    }
  }
}
