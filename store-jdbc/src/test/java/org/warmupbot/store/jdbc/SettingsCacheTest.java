package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.TenantSettings;

/**
 * The tenant settings cache: a change through the store is seen at once; the database is read once per tenant
 * (proved by changing the row behind the store's back with plain JDBC); on PostgreSQL an entry is read again
 * (in the background) past {@link JdbcStore#SHARED_SETTINGS_TTL} on an injected ticker, as on SQLite ranked in
 * SQL (a file several processes share); on SQLite ranked in process never.
 */
final class SettingsCacheTest {

  private static final Tenant GUILD = new Tenant(Platform.DISCORD, "G1");
  private static final Tenant OTHER = new Tenant(Platform.SLACK, "T9");
  private static final TenantSettings DOUBLE_TIME = new TenantSettings(Map.of("p", "role-1"), "c1", Set.of(), 2.0);
  private static final TenantSettings TRIPLE_TIME = new TenantSettings(Map.of(), null, Set.of("c2"), 3.0);

  @RegisterExtension
  static final PostgresDatabase postgres = new PostgresDatabase();

  @TempDir Path folder;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;

  private String sqliteUrl() {
    return "jdbc:sqlite:" + folder.resolve("warmup.db");
  }

  private JdbcStore sqlite() {
    return JdbcStores.open(sqliteUrl(), null, null, ZoneOffset.UTC, JdbcStores.Ranking.IN_PROCESS, ticker);
  }

  private JdbcStore postgresStore() throws SQLException {
    postgres.empty();
    return JdbcStores.open(postgres.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL, ticker);
  }

  /** Sets the tenant's multiplier with plain JDBC, as another process or a hand-made fix would. */
  private static void changeBehindTheStore(String url, Tenant tenant, double multiplier) throws SQLException {
    try (Connection connection =
            url.startsWith("jdbc:postgresql:")
                ? DriverManager.getConnection(url, "postgres", null)
                : DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      int changed =
          statement.executeUpdate(
              "UPDATE tenant_settings SET time_multiplier = " + multiplier + " WHERE platform = '"
                  + tenant.platform().name() + "' AND tenant = '" + tenant.id() + "'");
      assertThat(changed).isEqualTo(1);
    }
  }

  @Test
  void sqlite_saveSettings_isSeenAtOnce_bySettingsOfTheSameStore() {
    try (JdbcStore store = sqlite()) {
      assertThat(store.settings(GUILD)).isEqualTo(TenantSettings.DEFAULT); // cached as the default
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(DOUBLE_TIME);
      store.saveSettings(GUILD, TRIPLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(TRIPLE_TIME);
      assertThat(store.settings(OTHER)).isEqualTo(TenantSettings.DEFAULT);
    }
  }

  @Test
  void sqlite_readsAfterTheFirst_doNotTouchTheDatabase_andNeverExpire() throws SQLException {
    try (JdbcStore store = sqlite()) {
      store.saveSettings(GUILD, DOUBLE_TIME);
      store.saveSettings(OTHER, DOUBLE_TIME);
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0);

      changeBehindTheStore(sqliteUrl(), GUILD, 4.0);
      changeBehindTheStore(sqliteUrl(), OTHER, 4.0);
      nanos.addAndGet(Duration.ofDays(1).toNanos());

      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0); // the cached value, no expiry
      assertThat(store.settings(OTHER).timeMultiplier()).isEqualTo(4.0); // never read before: from the row
      store.saveSettings(GUILD, TRIPLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(TRIPLE_TIME);
    }
    try (JdbcStore reopened = sqlite()) {
      assertThat(reopened.settings(GUILD)).isEqualTo(TRIPLE_TIME);
    }
  }

  @Test
  void sqliteRankedInSql_sharedByProcesses_aChangeByAnotherProcess_isSeenOnceTheEntryExpires() throws SQLException {
    try (JdbcStore store =
            JdbcStores.open(sqliteUrl(), null, null, ZoneOffset.UTC, JdbcStores.Ranking.SQL, ticker);
        JdbcStore other =
            JdbcStores.open(sqliteUrl(), null, null, ZoneOffset.UTC, JdbcStores.Ranking.SQL, ticker)) {
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0);

      other.saveSettings(GUILD, TRIPLE_TIME); // another process on the same file
      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.minusMillis(1).toNanos());
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0); // still cached

      nanos.addAndGet(Duration.ofMillis(1).plusNanos(1).toNanos()); // past it
      assertThat(store.settings(GUILD)).isEqualTo(TRIPLE_TIME); // expired: read again
    }
  }

  /**
   * Review 11: past the time, the read went to the database on the member's thread (Discord's event thread; a busy
   * pool waits seconds, Discord gives 3). It now answers from the cache and the database is read in the background.
   */
  @Test
  void postgres_pastTheTtl_aReadAnswersAtOnceFromTheCache_andTheRefreshInTheBackgroundBringsTheChange()
      throws SQLException {
    postgres.empty();
    List<Runnable> refreshes = new ArrayList<>();
    try (JdbcStore store = JdbcStores.open(postgres.url(), "postgres", null, ZoneOffset.UTC,
        JdbcStores.Ranking.SQL, ticker, refreshes::add)) {
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0);
      changeBehindTheStore(postgres.url(), GUILD, 4.0);
      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.plusNanos(1).toNanos());

      assertThat(store.settings(GUILD).timeMultiplier()).as("answered from the cache").isEqualTo(2.0);
      assertThat(refreshes).as("the database read, left to the background").isNotEmpty();

      runAll(refreshes);
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(4.0);
    }
  }

  /** While the database refuses the read, the settings read before stay in use (members keep their extra time). */
  @Test
  void sqliteRankedInSql_aRefreshTheDatabaseRefuses_keepsTheSettingsReadBefore() throws SQLException {
    List<Runnable> refreshes = new ArrayList<>();
    try (JdbcStore store = JdbcStores.open(sqliteUrl(), null, null, ZoneOffset.UTC, JdbcStores.Ranking.SQL, ticker,
        refreshes::add)) {
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(DOUBLE_TIME);
      execute(sqliteUrl(), "ALTER TABLE tenant_settings RENAME TO tenant_settings_away"); // every read now fails
      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.plusNanos(1).toNanos());

      assertThat(store.settings(GUILD)).isEqualTo(DOUBLE_TIME);
      runAll(refreshes);
      assertThat(store.settings(GUILD)).isEqualTo(DOUBLE_TIME);

      execute(sqliteUrl(), "ALTER TABLE tenant_settings_away RENAME TO tenant_settings");
      changeBehindTheStore(sqliteUrl(), GUILD, 4.0);
      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.plusNanos(1).toNanos());
      store.settings(GUILD);
      runAll(refreshes);
      assertThat(store.settings(GUILD).timeMultiplier()).as("read again once the database answers").isEqualTo(4.0);
    }
  }

  /** Runs what the cache handed its executor (the refresh, and its own upkeep), as a background thread would. */
  private static void runAll(List<Runnable> tasks) {
    while (!tasks.isEmpty()) {
      tasks.remove(0).run();
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void postgres_saveSettings_isSeenAtOnce_bySettingsOfTheSameStore() throws SQLException {
    try (JdbcStore store = postgresStore()) {
      assertThat(store.settings(GUILD)).isEqualTo(TenantSettings.DEFAULT);
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(DOUBLE_TIME);
      store.saveSettings(GUILD, TRIPLE_TIME);
      assertThat(store.settings(GUILD)).isEqualTo(TRIPLE_TIME);
    }
  }

  @Test
  void postgres_aChangeByAnotherProcess_isSeenOnlyOnceTheEntryExpires() throws SQLException {
    try (JdbcStore store = postgresStore()) {
      store.saveSettings(GUILD, DOUBLE_TIME);
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0);

      changeBehindTheStore(postgres.url(), GUILD, 4.0);
      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.minusMillis(1).toNanos());
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(2.0); // still cached

      nanos.addAndGet(Duration.ofMillis(1).plusNanos(1).toNanos()); // past it
      assertThat(store.settings(GUILD).timeMultiplier()).isEqualTo(4.0); // expired: read again
    }
  }

  @Test
  void postgres_twoStoresOnOneDatabase_seeEachOthersChange_withinTheTtl() throws SQLException {
    try (JdbcStore first = postgresStore();
        JdbcStore second =
            JdbcStores.open(postgres.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL, ticker)) {
      assertThat(second.settings(GUILD)).isEqualTo(TenantSettings.DEFAULT);
      first.saveSettings(GUILD, TRIPLE_TIME);
      assertThat(first.settings(GUILD)).isEqualTo(TRIPLE_TIME);
      assertThat(second.settings(GUILD)).isEqualTo(TenantSettings.DEFAULT); // stale within the TTL

      nanos.addAndGet(JdbcStore.SHARED_SETTINGS_TTL.plusNanos(1).toNanos());
      assertThat(second.settings(GUILD)).isEqualTo(TRIPLE_TIME);
    }
  }
}
