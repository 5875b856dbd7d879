package org.warmupbot.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server (binaries from Maven Central, no Docker) with one database for the store's tests,
 * migrated once and emptied on demand.
 */
final class PostgresDatabase implements AutoCloseable {
  private final EmbeddedPostgres server;

  private PostgresDatabase(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server and creates and migrates the database {@code contract}. */
  static PostgresDatabase start() throws Exception {
    EmbeddedPostgres server = EmbeddedPostgres.builder().start();
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE contract");
      statement.execute("CREATE DATABASE elsewhere");
    }
    PostgresDatabase database = new PostgresDatabase(server);
    JdbcStores.open(database.url(), "postgres", null).close(); // migrates
    return database;
  }

  String url() {
    return server.getJdbcUrl("postgres", "contract");
  }

  /** A new, empty database {@code name} on this server (not migrated), for a test that must start from nothing. */
  String newDatabase(String name) throws SQLException {
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return server.getJdbcUrl("postgres", name);
  }

  /**
   * Another database on the same server: a session listening there gets none of {@code contract}'s notifications
   * (as behind a pooler in transaction mode: {@code LISTEN} succeeds, nothing arrives).
   */
  String elsewhereUrl() {
    return server.getJdbcUrl("postgres", "elsewhere");
  }

  /** {@code sql} with its JDBC parameters ({@code ?}) numbered as a server-side statement's ({@code $1, $2, ...}). */
  static String numberedParameters(String sql) {
    StringBuilder numbered = new StringBuilder();
    int next = 1;
    for (char c : sql.toCharArray()) {
      if (c == '?') {
        numbered.append('$').append(next++);
      } else {
        numbered.append(c);
      }
    }
    return numbered.toString();
  }

  /** Truncates every table but Flyway's, so a table a later migration adds is emptied too. */
  void empty() throws SQLException {
    try (Connection connection = server.getDatabase("postgres", "contract").getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                  + " AND tablename <> 'flyway_schema_history'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      statement.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
