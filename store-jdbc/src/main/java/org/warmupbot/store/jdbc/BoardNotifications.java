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
 * listening connection (connection killed, server restarted, a delivery check unanswered) the boards are {@link
 * RankedBoards#suspend suspended}: every board is dropped and, until the listener is
 * back, the store reads with SQL (right, slower) rather than serve a board that may have missed runs. The thread
 * reconnects with backoff (0.1 s doubling to 5 s), runs {@code LISTEN}, checks delivery, then {@link
 * RankedBoards#resume resumes}:
 * boards registered after that are built from the tables and kept; one whose build overlapped the gap answers the
 * reads that waited for it and is then dropped. Until a failure is detected (at once for a closed connection; up
 * to a check period plus TCP's timeouts for a silent network), a board may miss the runs of that window; it is
 * dropped when the failure is detected. An unexpected {@link Error} on the listener thread suspends the boards for
 * good (reads use SQL until the store is opened again) and ends the thread, logged.
 *
 * <p><b>Delivery is proven, not assumed</b>: a {@code LISTEN} that succeeds does not mean notifications arrive (behind
 * a connection pooler in transaction or statement mode, e.g. PgBouncer on many "pooled" URLs, the listening session
 * is not kept, and nothing is ever delivered). So {@link #start}, each reconnect, and then every {@link
 * #CHECK_EVERY}, send a marker notification through another connection (the pool) and wait up to {@link
 * #DELIVERY_TIMEOUT} for it on the listening connection. When it does not come, the boards are suspended (reads
 * use SQL, which is always right), an ERROR says what is wrong and how to fix it, and the listener reconnects and
 * checks again (backoff as below) until delivery works, then resumes. At {@link #start} this happens before the
 * store serves a read.
 *
 * <p>Rows written around the store (a script, a manual fix) are not notified: like SQLite's in-process boards, they
 * are seen when the boards are next built (a reconnect, or the store opened again).
 *
 * <p>Thread-safe. {@link #publish} runs in the caller's transaction; offers run on the listener thread, which owns
 * the listening connection and closes it when it ends.
 */
final class BoardNotifications implements AutoCloseable {

  /** The channel every store of a database notifies and listens on. */
  static final String CHANNEL = "warmup_board";

  /** PostgreSQL refuses a payload of 8,000 bytes or more (in the server encoding; UTF-8 counted here). */
  static final int MAX_PAYLOAD_BYTES = 7_999;

  /** How long one poll of the connection waits for notifications; bounds how long {@link #close} waits. */
  static final int POLL_MILLIS = 250;

  /**
   * How often the listener proves that notifications reach it (a marker sent through the pool, awaited here), so a
   * connection lost without a word, or a session whose notifications go nowhere, is found out.
   */
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);

  /** How long a delivery check waits for its marker before notifications count as not arriving. */
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(2);

  /** How long {@link #close} waits for the listener thread (which may be connecting) before it closes its side. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private static final int PING_TIMEOUT_SECONDS = 2;

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(BoardNotifications.class);

  /** The advice logged when notifications do not come back; names the likely cause and the fix. */
  static final String NOT_DELIVERED =
      "notifications from PostgreSQL are not reaching this process; if the URL goes through a connection pooler in"
          + " transaction mode, point store.url at PostgreSQL directly or use session pooling; leaderboards are read"
          + " with SQL meanwhile";

  /** Opens a connection to the store's database: a new one for listening, a pooled one for sending. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** A delivery check that failed with the listening connection still answering. */
  private static final class NotDelivered extends Exception {
    private static final long serialVersionUID = 1;
    final boolean sent; // false: the marker could not even be sent (through the pool)

    NotDelivered(String message, boolean sent, @Nullable Throwable cause) {
      super(message, cause);
      this.sent = sent;
    }
  }

  private final Connector connector;
  private final Connector sender;
  private final RankedBoards boards;
  private final String where;
  private final Object lock = new Object();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> syncs = new ConcurrentHashMap<>();
  private final Thread thread;
  private boolean closed; // guarded by lock
  private boolean holdReconnects; // guarded by lock; for tests
  // Owned by the listener thread (start() hands it over before starting the thread), which closes it when it ends;
  // close() closes it too, only as a fallback when the thread outlives its wait.
  private volatile @Nullable Connection connection;
  private volatile int backendPid;
  private volatile int connects;
  // Listener thread only (start() before the thread starts): what has been logged of the current outage.
  private boolean reportedLoss;
  private boolean reportedNotDelivered;

  private BoardNotifications(Connector connector, Connector sender, RankedBoards boards, String where) {
    this.connector = connector;
    this.sender = sender;
    this.boards = boards;
    this.where = where;
    this.thread = new Thread(this::listenLoop, "warmup-board-listener");
    thread.setDaemon(true);
  }

  /**
   * Connects, runs {@code LISTEN}, proves that notifications arrive (a marker sent through {@code sender}), and
   * starts the listener thread. Returns once the listener is in force, so every run committed from then on will be
   * offered to {@code boards}; or, when the marker did not arrive within {@link #DELIVERY_TIMEOUT}, with the boards
   * {@link RankedBoards#suspend suspended} (reads use SQL) and an ERROR logged, the thread then retrying until
   * delivery works.
   *
   * @param connector opens a new connection to listen on (not a pooled one)
   * @param sender lends a connection (the pool's) to send delivery checks; closed after each
   * @throws StoreUnavailableException when the connection or the {@code LISTEN} fails
   */
  static BoardNotifications start(Connector connector, Connector sender, RankedBoards boards, String where) {
    Connection connection = null;
    int pid;
    try {
      connection = connector.connect();
      pid = listen(connection);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection); // connected, but LISTEN failed: nobody else will close it
      if (e instanceof RuntimeException failure) {
        throw failure;
      }
      throw new StoreUnavailableException(
          "store " + where + ": could not listen for board changes: "
              + JdbcStores.mask(String.valueOf(e.getMessage()), null), e);
    }
    BoardNotifications notifications = new BoardNotifications(connector, sender, boards, where);
    notifications.backendPid = pid;
    notifications.connects = 1;
    try {
      notifications.proveDelivery(connection);
      notifications.connection = connection;
    } catch (SQLException | NotDelivered | RuntimeException e) {
      // Not proven: SQL reads until the thread's reconnect proves it (the boards were never live on this feed).
      notifications.failed(e);
      closeQuietly(connection);
    } catch (Error e) {
      closeQuietly(connection);
      throw e;
    }
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

  /** The listener's connection's {@code ApplicationName}: how other stores see this process (see OtherProcesses). */
  static final String APPLICATION_NAME = "warmup-board-listener";

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
    properties.setProperty("ApplicationName", APPLICATION_NAME);
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

  /**
   * The listener thread: polls while delivery is proven; on any failure suspends the boards, closes the connection
   * and reconnects (with backoff) until a new connection listens and proves delivery, then resumes. Closes its
   * connection when it ends (store closed, or an {@link Error}).
   */
  private void listenLoop() {
    Connection listening = connection; // null when start() could not prove delivery: reconnect first
    long backoff = FIRST_BACKOFF_MILLIS;
    try {
      while (true) {
        if (listening == null) {
          if (!waitBeforeReconnect(backoff)) {
            return; // closed
          }
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
        try {
          if (listening == null) {
            listening = connector.connect();
            connection = listening;
            backendPid = listen(listening);
            connects++;
            proveDelivery(listening);
            if (isClosed()) {
              return; // proveDelivery gave up: nothing to resume
            }
            // Logged before the boards go live, so whoever sees them live finds the line logged.
            if (reportedNotDelivered) {
              LOG.info("store {}: notifications from PostgreSQL reach this process again; leaderboards are"
                  + " ranked in process again", where);
            } else {
              LOG.info("store {}: board listener back; boards are built again from the tables", where);
            }
            boards.resume();
            backoff = FIRST_BACKOFF_MILLIS;
            reportedLoss = false;
            reportedNotDelivered = false;
          }
          poll(listening);
          return; // closed
        } catch (Throwable e) { // an Error too: never leave the boards live on a feed nobody listens to
          if (isClosed()) {
            return;
          }
          failed(e);
          closeQuietly(listening);
          listening = null;
          connection = null;
          if (e instanceof Error) {
            LOG.error("store {}: the board listener stopped; leaderboards are read with SQL until the store is"
                + " opened again", where, e);
            return;
          }
        }
      }
    } finally {
      closeQuietly(listening);
    }
  }

  /** Suspends the boards and logs what failed: once per outage, then at DEBUG. */
  private void failed(Throwable e) {
    boards.suspend();
    if (e instanceof Error) {
      return; // the caller logs it, with its stack
    }
    if (e instanceof NotDelivered notDelivered && notDelivered.sent) {
      if (!reportedNotDelivered) {
        reportedNotDelivered = true;
        LOG.error("store {}: {} (a check notification sent through the pool did not come back within {} ms)",
            where, NOT_DELIVERED, DELIVERY_TIMEOUT.toMillis());
        return;
      }
    } else if (e instanceof NotDelivered) {
      if (!reportedLoss) {
        reportedLoss = true;
        LOG.warn("store {}: {}; leaderboards are read with SQL until a check passes", where,
            JdbcStores.mask(String.valueOf(e.getMessage()), null));
        return;
      }
    } else if (!reportedLoss) {
      reportedLoss = true;
      LOG.warn("store {}: lost the board listener ({}); boards read with SQL until it is back", where,
          JdbcStores.mask(e.toString(), null));
      return;
    }
    LOG.debug("store {}: board listener not back yet: {}", where, e.toString());
  }

  /**
   * Offers what arrives until the store is closed (returns), the connection fails (throws {@link SQLException}) or
   * a delivery check fails (throws {@link NotDelivered}).
   */
  private void poll(Connection listening) throws SQLException, NotDelivered {
    PGConnection pg = listening.unwrap(PGConnection.class);
    long checkedAt = System.nanoTime();
    while (!isClosed()) {
      handle(pg.getNotifications(POLL_MILLIS));
      if (System.nanoTime() - checkedAt > CHECK_EVERY.toNanos()) {
        proveDelivery(listening);
        checkedAt = System.nanoTime();
      }
    }
  }

  private void handle(PGNotification @Nullable [] arrived) {
    if (arrived == null) {
      return;
    }
    for (PGNotification notification : arrived) {
      if (CHANNEL.equals(notification.getName())) {
        deliver(notification.getParameter());
      }
    }
  }

  /**
   * Sends a marker through {@link #sender} and polls {@code listening} (offering whatever else arrives meanwhile)
   * until the marker arrives; returns then. Returns at once when the store is closed.
   *
   * @throws NotDelivered when the marker cannot be sent, or does not arrive within {@link #DELIVERY_TIMEOUT} while
   *     the connection still answers a ping
   * @throws SQLException when the listening connection fails (or does not answer a ping after the timeout)
   */
  private void proveDelivery(Connection listening) throws SQLException, NotDelivered {
    PGConnection pg = listening.unwrap(PGConnection.class);
    String token = UUID.randomUUID().toString();
    CompletableFuture<Void> seen = new CompletableFuture<>();
    syncs.put(token, seen);
    try {
      try {
        sendMarker(token);
      } catch (SQLException | RuntimeException e) {
        throw new NotDelivered("could not send a delivery check: " + e, false, e);
      }
      long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
      while (!seen.isDone() && !isClosed()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          if (!listening.isValid(PING_TIMEOUT_SECONDS)) {
            throw new SQLException("the listening connection does not answer a ping");
          }
          throw new NotDelivered("the delivery check did not come back", true, null);
        }
        handle(pg.getNotifications((int) Math.min(POLL_MILLIS, left))); // 0 would wait forever; left >= 1 here
      }
    } finally {
      syncs.remove(token);
    }
  }

  /** Notifies the marker {@code "s" + token} through a connection lent by {@link #sender}. */
  private void sendMarker(String token) throws SQLException {
    try (Connection connection = sender.connect();
        PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, CHANNEL);
      notify.setString(2, "s" + token);
      notify.executeQuery().close();
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

  /**
   * Stops the listener thread (within a poll), which closes its connection; waits up to {@link #CLOSE_WAIT} for
   * it. A thread still busy then (e.g. connecting) closes the connection it gets as soon as it sees the store
   * closed; the connection it held is closed here.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      closeQuietly(connection); // fallback: the thread's finally closes it (or a newer one) when it ends
    }
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
    sendMarker(token);
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

  /** Whether the listener thread still runs (it ends when the store is closed, or on an {@link Error}). */
  boolean running() {
    return thread.isAlive();
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
