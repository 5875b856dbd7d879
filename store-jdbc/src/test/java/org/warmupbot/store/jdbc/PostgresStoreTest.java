package org.warmupbot.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.warmupbot.core.port.ResultStoreContract;

/**
 * The store contract on a real PostgreSQL server (binaries from Maven Central), started once for the class;
 * each test gets a database of its own.
 */
final class PostgresStoreTest extends ResultStoreContract<JdbcStore> {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected JdbcStore openEmptyStore() throws Exception {
    String database = "contract_" + DATABASES.incrementAndGet();
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return JdbcStores.open(server.getJdbcUrl("postgres", database), "postgres", null);
  }
}
