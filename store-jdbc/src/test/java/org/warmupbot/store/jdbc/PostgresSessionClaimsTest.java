package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link SessionClaimsContract} on PostgreSQL: advisory locks. */
final class PostgresSessionClaimsTest extends SessionClaimsContract {
  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  private final Supplier<String> url = new Supplier<>() {
    private String created;

    @Override
    public String get() {
      if (created == null) {
        try {
          created = database.newDatabase("claims" + System.nanoTime());
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return created;
    }
  };

  @Override
  JdbcStore openStore(ZoneId zone) {
    return JdbcStores.open(url.get(), "postgres", null, zone);
  }

  /**
   * Regression (review 6): with ApplicationName in store.url (pgjdbc lets URL parameters win) no connection was
   * named "warmup-bot <id>", and a second process with another week zone moved the weekly table under the first.
   */
  @Test
  void applicationNameInTheStoreUrl_stillRefusesASecondProcessWithAnotherZone() {
    String named = url.get() + "&ApplicationName=warmup";
    try (JdbcStore utc = JdbcStores.open(named, "postgres", null, ZoneOffset.UTC)) {
      assertThatThrownBy(() -> JdbcStores.open(named, "postgres", null, ZoneId.of("Pacific/Auckland")).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is using this store now");
    }
  }
}
