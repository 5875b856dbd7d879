package org.warmupbot.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server (binaries from Maven Central, no Docker) with one database for the store's tests,
 * migrated once and emptied on demand. A test class registers one ({@code @RegisterExtension static final
 * PostgresDatabase database = new PostgresDatabase();}): the server starts before its tests and stops after them.
 */
final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
  private volatile @Nullable EmbeddedPostgres server;

  /** Starts a server and creates and migrates the database {@code contract}. */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    EmbeddedPostgres started = EmbeddedPostgres.builder().start();
    try (Connection admin = started.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE contract");
      statement.execute("CREATE DATABASE elsewhere");
    }
    server = started;
    JdbcStores.open(url(), "postgres", null).close(); // migrates
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private EmbeddedPostgres server() {
    if (server == null) {
      throw new IllegalStateException("the PostgreSQL server is not started: register this as an extension");
    }
    return server;
  }

  String url() {
    return server().getJdbcUrl("postgres", "contract");
  }

  /** A new, empty database {@code name} on this server (not migrated), for a test that must start from nothing. */
  String newDatabase(String name) throws SQLException {
    try (Connection admin = server().getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return server().getJdbcUrl("postgres", name);
  }

  /**
   * Another database on the same server: a session listening there gets none of {@code contract}'s notifications
   * (as behind a pooler in transaction mode: {@code LISTEN} succeeds, nothing arrives).
   */
  String elsewhereUrl() {
    return server().getJdbcUrl("postgres", "elsewhere");
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
    try (Connection connection = server().getDatabase("postgres", "contract").getConnection();
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

}
