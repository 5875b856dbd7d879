package org.warmupbot.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Keeps the in-process boards ({@link RankedBoards}) of a PostgreSQL store right while several bot processes write
 * the database, with PostgreSQL's {@code LISTEN}/{@code NOTIFY}.
 *
 * <p><b>Publishing</b>: the save transaction calls {@link #publish} after it wrote the board rows: one {@code
 * pg_notify} on {@link #CHANNEL} per run added, carrying the board entry the run may improve (platform, tenant,
 * pack, week start, user, score, time, finish). A notification is transactional: PostgreSQL delivers it only if
 * the transaction commits, after the commit, in commit order, to every session listening on the database (the
 * sender's own included). A payload that would exceed PostgreSQL's 8,000 bytes (ids are not bounded by the store)
 * is sent as "rebuild this pack's boards", and if even that is too long, as "rebuild every board".
 *
 * <p><b>Listening</b>: one dedicated connection (opened with the pool's URL and credentials, not borrowed from the
 * pool: a pooled connection left listening would pile notifications up in the driver once returned, and one held
 * forever would shrink the pool and outlive Hikari's lifetime rules) runs {@code LISTEN}; a daemon thread polls it
 * ({@link PGConnection#getNotifications(int)}) and offers each entry to the boards ({@link RankedBoards#committed},
 * which keeps the better of the kept and the offered entry, so duplicates and the store's own direct offers change
 * nothing). Every process therefore learns of every run committed through any {@link JdbcStore} on the database.
 *
 * <p><b>Why a board built from the table misses nothing</b>: {@link #start} returns only once {@code LISTEN} is in
 * force, and the store serves no read before that. A board is registered before its scan begins; the scan sees
 * every run committed before its snapshot, and a run committed after the snapshot is notified after its commit,
 * hence after the registration, and offered to the registered board (queued if the build is still running).
 *
 * <p><b>Gaps</b>: notifications sent while no listening session exists are lost for good. So on any failure of the
 * listening connection (connection killed, server restarted, a ping unanswered after {@link #PING_AFTER} of
 * silence) the boards are {@link RankedBoards#suspend suspended}: every board is dropped and, until the listener is
 * back, the store reads with SQL (right, slower) rather than serve a board that may have missed runs. The thread
 * reconnects with backoff (0.1 s doubling to 5 s), runs {@code LISTEN}, then {@link RankedBoards#resume resumes}:
 * boards registered after that are built from the tables and kept; one whose build overlapped the gap answers the
 * reads that waited for it and is then dropped. Until a failure is detected (at once for a closed connection; up
 * to a ping period plus TCP's timeouts for a silent network), a board may miss the runs of that window; it is
 * dropped when the failure is detected.
 *
 * <p>Rows written around the store (a script, a manual fix) are not notified: like SQLite's in-process boards, they
 * are seen when the boards are next built (a reconnect, or the store opened again).
 *
 * <p>Thread-safe. {@link #publish} runs in the caller's transaction; offers run on the listener thread.
 */
final class BoardNotifications implements AutoCloseable {

  /** The channel every store of a database notifies and listens on. */
  static final String CHANNEL = "warmup_board";

  /** PostgreSQL refuses a payload of 8,000 bytes or more (in the server encoding; UTF-8 counted here). */
  static final int MAX_PAYLOAD_BYTES = 7_999;

  /** How long one poll of the connection waits for notifications; bounds how long {@link #close} waits. */
  static final int POLL_MILLIS = 250;

  /** Silence after which the connection is pinged, so a connection lost without a word is found out. */
  static final Duration PING_AFTER = Duration.ofSeconds(5);

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(BoardNotifications.class);

  /** Opens a new connection to the store's database (not a pooled one). */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final RankedBoards boards;
  private final String where;
  private final Object lock = new Object();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> syncs = new ConcurrentHashMap<>();
  private final Thread thread;
  private boolean closed; // guarded by lock
  private boolean holdReconnects; // guarded by lock; for tests
  private volatile Connection connection; // used by the listener thread only, closed by close() once it stopped
  private volatile int backendPid;
  private volatile int connects;

  private BoardNotifications(Connector connector, RankedBoards boards, String where, Connection connection) {
    this.connector = connector;
    this.boards = boards;
    this.where = where;
    this.connection = connection;
    this.thread = new Thread(this::listenLoop, "warmup-board-listener");
    thread.setDaemon(true);
  }

  /**
   * Connects, runs {@code LISTEN} and starts the listener thread; returns once the listener is in force, so every
   * run committed from then on will be offered to {@code boards}.
   *
   * @throws StoreUnavailableException when the connection or the {@code LISTEN} fails
   */
  static BoardNotifications start(Connector connector, RankedBoards boards, String where) {
    Connection connection;
    int pid;
    try {
      connection = connector.connect();
      pid = listen(connection);
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "store " + where + ": could not listen for board changes: "
              + JdbcStores.mask(String.valueOf(e.getMessage()), null), e);
    }
    BoardNotifications notifications = new BoardNotifications(connector, boards, where, connection);
    notifications.backendPid = pid;
    notifications.connects = 1;
    notifications.thread.start();
    return notifications;
  }

  /** Runs {@code LISTEN} (auto-commit, so it is in force when this returns); returns the session's backend pid. */
  private static int listen(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("LISTEN " + CHANNEL);
      try (ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /**
   * A new connection with the pool's URL, credentials and driver properties, named {@code warmup-board-listener}
   * in {@code pg_stat_activity}, with TCP keepalive so a silent network loss is found out.
   */
  static Connection connect(HikariDataSource pool) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(pool.getDataSourceProperties());
    if (pool.getUsername() != null) {
      properties.setProperty("user", pool.getUsername());
    }
    if (pool.getPassword() != null) {
      properties.setProperty("password", pool.getPassword());
    }
    properties.setProperty("ApplicationName", "warmup-board-listener");
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = new Driver().connect(pool.getJdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL URL");
    }
    return connection;
  }

  // --- publishing ----------------------------------------------------------------------------------------------

  /**
   * Notifies, in the caller's transaction, the board entries of the runs added: delivered to every listener if and
   * when that transaction commits. One round trip for the whole group.
   *
   * @param weekStartMicros a run's week start, in the store's week zone, in microseconds
   */
  static void publish(
      WriterConnection statements, List<FinishedRun> added, ToLongFunction<FinishedRun> weekStartMicros)
      throws SQLException {
    if (added.isEmpty()) {
      return;
    }
    List<String> payloads = new ArrayList<>(added.size());
    for (FinishedRun run : added) {
      payloads.add(
          payload(
              run.player().platform().name(),
              run.player().tenant(),
              run.packId(),
              weekStartMicros.applyAsLong(run),
              run.player().userId(),
              run.score(),
              JdbcStore.nanos(run.totalTime()),
              JdbcStore.micros(run.finishedAt())));
    }
    // Kept open by the writer connection across groups: not closed here.
    PreparedStatement notify = statements.prepare("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p");
    Array array = notify.getConnection().createArrayOf("text", payloads.toArray());
    try {
      notify.setString(1, CHANNEL);
      notify.setArray(2, array);
      try (ResultSet rows = notify.executeQuery()) {
        while (rows.next()) {
          // pg_notify returns void: nothing to read, but the rows must be consumed
        }
      }
    } finally {
      array.free();
    }
  }

  /**
   * A run's board entry: {@code r} then length-prefixed strings and {@code ;}-ended numbers, so ids may hold any
   * character. Too long for PostgreSQL: {@code f} (rebuild the pack's boards), or {@code a} (rebuild all).
   */
  static String payload(
      String platform, String tenant, String packId, long weekStartMicros,
      String userId, int score, long totalNanos, long finishedMicros) {
    StringBuilder entry = new StringBuilder("r");
    string(entry, platform);
    string(entry, tenant);
    string(entry, packId);
    entry.append(weekStartMicros).append(';');
    string(entry, userId);
    entry.append(score).append(';').append(totalNanos).append(';').append(finishedMicros).append(';');
    if (fits(entry)) {
      return entry.toString();
    }
    StringBuilder forget = new StringBuilder("f");
    string(forget, platform);
    string(forget, tenant);
    string(forget, packId);
    return fits(forget) ? forget.toString() : "a";
  }

  private static void string(StringBuilder out, String value) {
    out.append(value.length()).append(':').append(value);
  }

  private static boolean fits(CharSequence payload) {
    return payload.length() <= MAX_PAYLOAD_BYTES / 3 // a char is at most 3 UTF-8 bytes
        || payload.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
  }

  // --- listening -----------------------------------------------------------------------------------------------

  private void listenLoop() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (true) {
      try {
        poll(connection);
        return; // closed
      } catch (SQLException | RuntimeException e) {
        if (isClosed()) {
          return;
        }
        boards.suspend();
        LOG.warn("store {}: lost the board listener ({}); boards read with SQL until it is back", where, e.toString());
      }
      closeQuietly(connection);
      while (true) {
        if (!waitBeforeReconnect(backoff)) {
          return; // closed
        }
        try {
          Connection fresh = connector.connect();
          try {
            backendPid = listen(fresh);
          } catch (SQLException e) {
            closeQuietly(fresh);
            throw e;
          }
          connection = fresh;
          connects++;
          boards.resume();
          LOG.info("store {}: board listener back; boards are built again from the tables", where);
          backoff = FIRST_BACKOFF_MILLIS;
          break;
        } catch (SQLException | RuntimeException e) {
          LOG.debug("store {}: board listener cannot reconnect yet: {}", where, e.toString());
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
      }
    }
  }

  /** Offers what arrives until the store is closed (returns) or the connection fails (throws). */
  private void poll(Connection listening) throws SQLException {
    PGConnection pg = listening.unwrap(PGConnection.class);
    long quietSince = System.nanoTime();
    while (!isClosed()) {
      PGNotification[] arrived = pg.getNotifications(POLL_MILLIS);
      if (arrived != null && arrived.length > 0) {
        for (PGNotification notification : arrived) {
          if (CHANNEL.equals(notification.getName())) {
            deliver(notification.getParameter());
          }
        }
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > PING_AFTER.toNanos()) {
        if (!listening.isValid(2)) {
          throw new SQLException("the listening connection does not answer a ping");
        }
        quietSince = System.nanoTime();
      }
    }
  }

  /** Acts on one payload; a payload it cannot read drops every board rather than guess. */
  private void deliver(String payload) {
    if (payload.startsWith("s")) {
      CompletableFuture<Void> sync = syncs.remove(payload.substring(1));
      if (sync != null) {
        sync.complete(null);
      }
      return;
    }
    try {
      apply(payload, boards);
    } catch (RuntimeException e) {
      LOG.warn("store {}: unreadable board notification, every board rebuilt: {}", where, e.toString());
      boards.forgetAll();
    }
  }

  /**
   * Offers a {@link #payload}'s entry to the boards, or drops the boards it names.
   *
   * @throws IllegalArgumentException (or another runtime exception) when the payload cannot be read
   */
  static void apply(String payload, RankedBoards boards) {
    if (payload.equals("a")) {
      boards.forgetAll();
      return;
    }
    Cursor cursor = new Cursor(payload);
    char kind = cursor.kind();
    String platform = cursor.string();
    String tenant = cursor.string();
    String packId = cursor.string();
    if (kind == 'f') {
      cursor.end();
      boards.forget(List.of(new RankedBoards.PackKey(platform, tenant, packId)));
      return;
    }
    if (kind != 'r') {
      throw new IllegalArgumentException("unknown kind " + kind);
    }
    long week = cursor.number();
    String userId = cursor.string();
    long score = cursor.number();
    long totalNanos = cursor.number();
    long finishedMicros = cursor.number();
    cursor.end();
    boards.committed(platform, tenant, packId, week, userId, Math.toIntExact(score), totalNanos, finishedMicros);
  }

  /** Reads a payload written by {@link #payload}. */
  private static final class Cursor {
    private final String text;
    private int at;

    Cursor(String text) {
      this.text = text;
    }

    char kind() {
      return text.charAt(at++);
    }

    String string() {
      int colon = text.indexOf(':', at);
      int length = Integer.parseInt(text.substring(at, colon));
      if (length < 0 || colon + 1 + length > text.length()) {
        throw new IllegalArgumentException("a string past the end");
      }
      at = colon + 1 + length;
      return text.substring(colon + 1, at);
    }

    long number() {
      int semicolon = text.indexOf(';', at);
      long value = Long.parseLong(text.substring(at, semicolon));
      at = semicolon + 1;
      return value;
    }

    void end() {
      if (at != text.length()) {
        throw new IllegalArgumentException("trailing characters");
      }
    }
  }

  /** Waits before a reconnect (or while tests hold reconnects); false once closed. */
  private boolean waitBeforeReconnect(long millis) {
    synchronized (lock) {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      try {
        while (!closed) {
          long left = until - System.nanoTime();
          if (left <= 0 && !holdReconnects) {
            return true;
          }
          lock.wait(holdReconnects ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private static void closeQuietly(@Nullable Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      // already broken: nothing to release
    }
  }

  /** Stops the listener thread (within a poll) and closes its connection. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(connection);
  }

  // --- for tests -----------------------------------------------------------------------------------------------

  /**
   * Returns once every notification committed before this call was handled by the listener: sends a marker of its
   * own and waits for it (delivery is in commit order).
   */
  void awaitCaughtUp(Duration timeout) throws SQLException, InterruptedException, TimeoutException {
    String token = UUID.randomUUID().toString();
    CompletableFuture<Void> seen = new CompletableFuture<>();
    syncs.put(token, seen);
    try (Connection sender = connector.connect();
        PreparedStatement notify = sender.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, CHANNEL);
      notify.setString(2, "s" + token);
      notify.executeQuery().close();
    }
    try {
      seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      syncs.remove(token);
    }
  }

  /** The listening session's backend pid, for {@code pg_terminate_backend} in tests. */
  int backendPid() {
    return backendPid;
  }

  /** Connections made so far: 1 after start, one more per reconnect. */
  int connects() {
    return connects;
  }

  /** While held, a lost listener stays disconnected (tests save runs into the gap). */
  void holdReconnects(boolean hold) {
    synchronized (lock) {
      holdReconnects = hold;
      lock.notifyAll();
    }
  }
}
