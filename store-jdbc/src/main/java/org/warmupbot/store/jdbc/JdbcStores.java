package org.warmupbot.store.jdbc;

import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Opens a {@link JdbcStore}: migrates its schema (Flyway, one folder per dialect under {@code db/migration}) and
 * pools its connections (HikariCP). Supported URLs: {@code jdbc:sqlite:...} and {@code jdbc:postgresql:...}.
 *
 * <p>The week zone says where a week starts (Monday 00:00) for the store's weekly table; it defaults to UTC. It
 * only makes weekly boards fast: a board asked since another instant is still right, read from the runs.
 *
 * <p>The {@link Ranking} says where boards are ranked. {@link #sqlite(Path, ZoneId)} ranks in process (a single bot
 * process owns the file); {@link #open(String, String, String, ZoneId)} ranks a PostgreSQL store in process too,
 * since every process listens for the runs the others commit ({@code LISTEN}/{@code NOTIFY}, see {@link
 * Ranking#IN_PROCESS}), and a SQLite URL in SQL (it may be shared by processes that cannot tell each other). The
 * overloads taking a {@code Ranking} choose.
 */
public final class JdbcStores {

  /** Where a store ranks its leaderboards ({@code top}, {@code standing}, {@code rankedCount}). */
  /**
   * Reads settings again in the background for every store of the process: a pool of its own (not the common
   * pool, which the engine's session cache uses and which has one thread on two cores), whose two threads end
   * when idle. A refresh waits at most the pool's connection timeout; each tenant has one in flight at most.
   */
  private static final Executor SETTINGS_REFRESH = settingsRefreshPool();

  private static Executor settingsRefreshPool() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, "warmup-settings-refresh");
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public enum Ranking {
    /**
     * Every board read is SQL over the board table's index and the score histogram: right however many processes
     * write the database, and whatever writes it (scripts, manual fixes), at a round trip or two per read (about
     * 0.3 to 1.6 ms for a standing at 10^5 to 10^6 members on PostgreSQL over loopback).
     */
    SQL,
    /**
     * All-time boards and the latest week's boards are ranked in this process: each is built from its table on
     * its first read (one indexed scan, about a second at 10^6 members) and then kept in step with every run this
     * store commits, so a standing or a page costs O(log n) in memory, about 150 bytes a member. Boards asked
     * since any other instant are still read with SQL.
     *
     * <p><b>SQLite: only when this store is the file's only writer</b>: rows written by another process (a second
     * bot on the same file, a hand-made fix) are not seen until this store is opened again.
     *
     * <p><b>PostgreSQL: shared by any number of bot processes</b>. Each save transaction also notifies the board
     * entries it wrote ({@code pg_notify}, delivered on commit to every listener), and each store listens on a
     * connection of its own and offers every entry to its boards, so a run committed by any process reaches every
     * process's boards within milliseconds (a saver reads their own run at once). When the listening connection
     * is lost, the boards are dropped and reads use SQL until it is back, then the boards are built again from the
     * tables (see {@link BoardNotifications}). Rows written around the stores (scripts, manual fixes) are seen at
     * the next build only; all processes must use the same week zone.
     */
    IN_PROCESS
  }

  /** How long a caller waits for a pooled connection before the store counts as unreachable. */
  static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

  /** How long a SQLite writer waits for another one (this or another process) before it gives up. */
  static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

  /**
   * The page cache of the SQLite connection that writes saves, in KiB ({@code PRAGMA cache_size=-65536}): 64 MiB,
   * filled only as pages are read, so at most 64 MiB of native memory beside the JVM heap. It keeps the hot pages
   * of the indexes a save writes (runs, question results, both board tables, the score histogram) in memory instead
   * of reading them back through the OS; the pooled connections keep SQLite's default 2 MiB.
   */
  static final int SQLITE_WRITER_CACHE_KIB = 64 * 1024;

  /**
   * The writer connection's automatic checkpoint, in log pages (4 KiB each: about 40 MiB of log): the commit
   * that takes the WAL past it copies the log back into the file (and fsyncs it) while its group waits. Not a
   * bound on the WAL's size (a checkpoint cannot reset a log that readers still use), hence {@link
   * #SQLITE_WAL_SIZE_LIMIT_BYTES}. At SQLite's default, 1,000 pages, a group of a few hundred runs crossed it
   * nearly every commit, and the pages every group changes (rank indexes, the score histogram, the ends of append-only indexes) were copied again
   * each time; at 10,000 they are copied once per ten times as much work. Measured with 64 callers: saves 5.0-5.6k
   * → 6.8-7.3k runs/s from this alone (benchmarks/bench/results/writes-v3-vs-checkpoint.txt); the cost is a longer
   * commit when it does checkpoint (save p99 ~25 → ~57 ms). The pooled connections keep the default: they write
   * rarely (settings, badges).
   */
  static final int SQLITE_WRITER_AUTOCHECKPOINT_PAGES = 10_000;

  /**
   * What the WAL file is truncated to after a checkpoint that reset it ({@code journal_size_limit}): without it the
   * file keeps the largest size it ever reached (after a burst, or the V3 migration's copy of four tables).
   */
  static final long SQLITE_WAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)[^&;]*");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]*:)[^@/]*@");
  // pgjdbc then answers a batch's row counts as "no info" (-2), where saves read from them which runs and board
  // entries were new.
  private static final Pattern REWRITE_BATCHED_INSERTS = Pattern.compile("(?i)[?&]reWriteBatchedInserts=true");

  private JdbcStores() {}

  /**
   * The embedded default: a SQLite file, created with its parent folders when missing, in WAL mode with
   * {@code synchronous=FULL} (a run acknowledged by {@code save} survives a crash of the process or machine) and a
   * busy timeout so that writers wait for each other instead of failing. Boards are ranked {@link
   * Ranking#IN_PROCESS in process}: only one process may write the file (see {@link #sqlite(Path, ZoneId)}).
   *
   * @throws StoreUnavailableException when the folder cannot be created or the file cannot be opened or migrated
   */
  public static JdbcStore sqlite(Path file) {
    return sqlite(file, ZoneOffset.UTC);
  }

  /**
   * As {@link #sqlite(Path)}, with weeks starting on Monday 00:00 in {@code weekZone}, and boards ranked {@link
   * Ranking#IN_PROCESS in process}: this process must be the only one writing the file (a second bot process
   * writing the same file must open it with {@link Ranking#SQL} through {@link #sqlite(Path, ZoneId, Ranking)},
   * and so must this one).
   */
  public static JdbcStore sqlite(Path file, ZoneId weekZone) {
    return sqlite(file, weekZone, Ranking.IN_PROCESS);
  }

  /** As {@link #sqlite(Path, ZoneId)}, with boards ranked as {@code ranking} says. */
  public static JdbcStore sqlite(Path file, ZoneId weekZone, Ranking ranking) {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot create the folder " + parent + " for the store " + absolute, e);
      }
    }
    return open("jdbc:sqlite:" + absolute, null, null, weekZone, ranking);
  }

  /**
   * Opens the store at {@code jdbcUrl}, weeks starting on Monday 00:00 UTC.
   *
   * @throws IllegalArgumentException when the URL is neither SQLite nor PostgreSQL, or an in-memory SQLite
   * @throws IllegalStateException when the store's weekly table is kept in another week zone while another bot
   *     process has the database open (the message names both zones and how to change the zone on purpose)
   * @throws StoreUnavailableException when the store cannot be reached or migrated; the message names the URL with
   *     any password masked
   */
  public static JdbcStore open(String jdbcUrl, @Nullable String user, @Nullable String password) {
    return open(jdbcUrl, user, password, ZoneOffset.UTC);
  }

  /**
   * As {@link #open(String, String, String)}, with weeks starting on Monday 00:00 in {@code weekZone}. PostgreSQL's
   * boards are ranked {@link Ranking#IN_PROCESS in process}, kept right for any number of bot processes sharing
   * the database by listening for their runs; a SQLite URL's in {@link Ranking#SQL} (use {@link #sqlite(Path,
   * ZoneId)} for a file this process alone writes).
   */
  public static JdbcStore open(
      String jdbcUrl, @Nullable String user, @Nullable String password, ZoneId weekZone) {
    Ranking ranking = jdbcUrl.startsWith("jdbc:postgresql:") ? Ranking.IN_PROCESS : Ranking.SQL;
    return open(jdbcUrl, user, password, weekZone, ranking);
  }

  /**
   * As {@link #open(String, String, String, ZoneId)}, with boards ranked as {@code ranking} says: {@link
   * Ranking#IN_PROCESS} on SQLite only when this store will be the file's only writer; {@link Ranking#SQL} on
   * PostgreSQL when rows are also written around the stores and must show at once.
   */
  public static JdbcStore open(
      String jdbcUrl, @Nullable String user, @Nullable String password, ZoneId weekZone, Ranking ranking) {
    return open(jdbcUrl, user, password, weekZone, ranking, Ticker.systemTicker(), SETTINGS_REFRESH,
        UnaryOperator.identity(), LockConnection.to(jdbcUrl));
  }

  /**
   * As {@link #open(String, String, String, ZoneId, Ranking)}, the settings cache timed by {@code ticker} and
   * refreshed on the reading thread (so a read past the time sees what the database holds then).
   */
  static JdbcStore open(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      ZoneId weekZone,
      Ranking ranking,
      Ticker ticker) {
    return open(jdbcUrl, user, password, weekZone, ranking, ticker, Runnable::run);
  }

  /** As {@link #open(String, String, String, ZoneId, Ranking, Ticker)}, refreshed on {@code settingsRefresh}. */
  static JdbcStore open(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      ZoneId weekZone,
      Ranking ranking,
      Ticker ticker,
      Executor settingsRefresh) {
    return open(jdbcUrl, user, password, weekZone, ranking, ticker, settingsRefresh, UnaryOperator.identity(),
        LockConnection.to(jdbcUrl));
  }

  /**
   * Where a PostgreSQL store's lock connection goes and how long its claims check may wait on it: the store's
   * own URL and 10 s ({@link #to}), but in tests (a proxy that can stall, a shorter bound).
   */
  record LockConnection(String url, Duration checkTimeout) {
    static LockConnection to(String jdbcUrl) {
      return new LockConnection(jdbcUrl, OtherProcesses.PostgresLocks.CHECK_TIMEOUT);
    }
  }

  /**
   * As {@link #open(String, String, String, ZoneId, Ranking, Ticker, Executor)}, the PostgreSQL board listener's
   * connections opened by {@code listener} applied to the usual way, and the lock connection as {@code lock} says
   * (tests route them elsewhere).
   */
  static JdbcStore open(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      ZoneId weekZone,
      Ranking ranking,
      Ticker ticker,
      Executor settingsRefresh,
      UnaryOperator<BoardNotifications.Connector> listener,
      LockConnection lock) {
    String where = mask(jdbcUrl, password);
    HikariConfig config = new HikariConfig();
    config.setPoolName("warmup-store");
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setInitializationFailTimeout(1); // fail at open, not at the first save
    String dialect;
    WriterConnection.Opener writerConnection; // the group-commit writer's own connection, outside the pool
    OtherProcesses.BoundedOpener lockConnection = null; // PostgreSQL: the lock connection, opened as the writer's
    OtherProcesses others = null; // who else has the database open, and the sessions claimed (PostgreSQL: below)
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      if (jdbcUrl.contains(":memory:") || jdbcUrl.contains("mode=memory")) {
        // Every pooled connection would get a database of its own.
        throw new IllegalArgumentException(
            "an in-memory SQLite URL cannot back a pooled store (" + where + "): use InMemoryStore or a file");
      }
      dialect = "sqlite";
      SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig(false));
      dataSource.setUrl(jdbcUrl);
      // The group-commit writer's own connection, outside the pool: a bigger page cache only there, since a
      // reader's cache is emptied whenever another connection commits (WAL), while the writer's stays warm.
      SQLiteDataSource writerSource = new SQLiteDataSource(sqliteConfig(true));
      writerSource.setUrl(jdbcUrl);
      writerConnection = writerSource::getConnection;
      config.setDataSource(dataSource);
      others = OtherProcesses.sqlite(sqliteFile(jdbcUrl));
      // WAL lets readers run beside the one writer; more connections would only queue on the write lock.
      config.setMaximumPoolSize(4);
    } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      if (REWRITE_BATCHED_INSERTS.matcher(jdbcUrl).find()) {
        throw new IllegalArgumentException("the store URL " + where + " sets reWriteBatchedInserts=true, which hides"
            + " from the store which rows its inserts added: remove it from store.url");
      }
      dialect = "postgresql";
      config.setJdbcUrl(jdbcUrl);
      if (user != null) {
        config.setUsername(user);
      }
      if (password != null) {
        config.setPassword(password);
      }
      config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000));
      // Named per store in pg_stat_activity, so that another process's store can tell this one is connected.
      String applicationName = OtherProcesses.POSTGRES_APPLICATION_PREFIX + UUID.randomUUID().toString().substring(0, 8);
      config.addDataSourceProperty("ApplicationName", applicationName);
      config.setMaximumPoolSize(8);
      // Not from the pool: a pooled connection idle for less than HikariCP's bypass window is lent unchecked, so
      // after a restart the pool could lend the writer a dead connection again; a new connection is alive or fails.
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      properties.setProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000));
      properties.setProperty("ApplicationName", applicationName);
      // The lock connection idles for the process's lifetime: keepalives keep a firewall or NAT from dropping it.
      properties.setProperty("tcpKeepAlive", "true");
      writerConnection = () -> DriverManager.getConnection(jdbcUrl, properties);
      // The lock connection's login and reads are bounded, so the claims check, on the launcher's one chores
      // thread, cannot hang on a half-open connection; not left to the JVM-wide login timeout (a pool sets it).
      lockConnection = timeout -> {
        Properties bounded = new Properties();
        bounded.putAll(properties);
        String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
        bounded.setProperty("loginTimeout", seconds);
        bounded.setProperty("socketTimeout", seconds);
        return DriverManager.getConnection(lock.url(), bounded);
      };
    } else {
      throw new IllegalArgumentException(
          "store URL must start with jdbc:sqlite: or jdbc:postgresql:, not " + where);
    }

    HikariDataSource opened = null;
    try {
      opened = new HikariDataSource(config);
      if (lockConnection != null) {
        // PostgreSQL: its locks are held by a connection of the store's own.
        others = OtherProcesses.postgres(lockConnection, where, lock.checkTimeout());
      }
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      if (others != null) {
        others.close();
      }
      throw new StoreUnavailableException(
          "cannot reach the store at " + where + ": " + mask(String.valueOf(e.getMessage()), password), e);
    }
    HikariDataSource pool = opened;
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration/" + dialect)
          .failOnMissingLocations(true)
          .loggers("slf4j") // the bot's logging, not java.util.logging on stderr
          .load()
          .migrate();
      return new JdbcStore(
          pool,
          writerConnection,
          where,
          weekZone,
          ranking,
          dialect.equals("postgresql"),
          ticker,
          settingsRefresh,
          listener.apply(() -> BoardNotifications.connect(pool)),
          others);
    } catch (RuntimeException e) {
      pool.close();
      others.close();
      if (e instanceof StoreUnavailableException || e instanceof WeekZoneConflictException) {
        throw e;
      }
      throw new StoreUnavailableException(
          "cannot migrate the store at " + where + ": " + mask(String.valueOf(e.getMessage()), password), e);
    }
  }

  /** The file of a {@code jdbc:sqlite:} URL: the part after the prefix, without {@code file:} and any parameters. */
  private static Path sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    int parameters = rest.indexOf('?');
    return Path.of(parameters < 0 ? rest : rest.substring(0, parameters)).toAbsolutePath();
  }

  /**
   * The settings of every SQLite connection of a store: WAL, {@code synchronous=FULL}, busy timeout, foreign keys,
   * {@code BEGIN IMMEDIATE}; for the {@code writer}'s connection also its page cache, checkpoint and WAL size limit.
   */
  private static SQLiteConfig sqliteConfig(boolean writer) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    sqlite.enforceForeignKeys(true);
    // A write transaction takes the write lock when it begins, so two writers queue on the busy timeout
    // instead of one failing when it upgrades a read lock.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    if (writer) {
      sqlite.setCacheSize(-SQLITE_WRITER_CACHE_KIB); // negative: KiB, not pages
      sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(SQLITE_WRITER_AUTOCHECKPOINT_PAGES));
      sqlite.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, String.valueOf(SQLITE_WAL_SIZE_LIMIT_BYTES));
    }
    return sqlite;
  }

  /** The URL or message with any password in it replaced by {@code ***}. */
  static String mask(String text, @Nullable String password) {
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    masked = USER_INFO_PASSWORD.matcher(masked).replaceAll("$1***@");
    if (password != null && !password.isEmpty()) {
      masked = masked.replace(password, "***");
    }
    return masked;
  }
}
