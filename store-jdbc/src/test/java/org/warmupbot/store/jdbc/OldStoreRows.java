package org.warmupbot.store.jdbc;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * How a store of an older schema version wrote its board entries (V1 and V2 alike: keep the better run), for the
 * tests that fill such a database and then migrate it. Frozen on purpose: the store's own SQL moves on.
 */
final class OldStoreRows {
  private static final String BETTER =
      " WHERE excluded.score > %1$s.score OR (excluded.score = %1$s.score AND (excluded.total_nanos <"
          + " %1$s.total_nanos OR (excluded.total_nanos = %1$s.total_nanos AND excluded.finished_us <"
          + " %1$s.finished_us)))";

  /** Parameters: platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us. */
  static final String BEST_RUN_UPSERT =
      "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, pack_id, user_id) DO UPDATE"
          + " SET run_id = excluded.run_id, score = excluded.score, total_nanos = excluded.total_nanos,"
          + " finished_us = excluded.finished_us"
          + String.format(BETTER, "best_run");

  /** Parameters: as {@link #BEST_RUN_UPSERT}, then week_start_us. */
  static final String WEEKLY_BEST_UPSERT =
      "INSERT INTO weekly_best (platform, tenant, pack_id, user_id, run_id, score, total_nanos,"
          + " finished_us, week_start_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform,"
          + " tenant, pack_id, week_start_us, user_id) DO UPDATE SET run_id = excluded.run_id, score ="
          + " excluded.score, total_nanos = excluded.total_nanos, finished_us = excluded.finished_us"
          + String.format(BETTER, "weekly_best");

  /** Records the week zone as every store does on its first open. */
  static final String WEEK_ZONE = "INSERT INTO store_meta (name, value) VALUES ('week_zone', ?)";

  private OldStoreRows() {}

  /** A new SQLite database at {@code file} migrated up to schema {@code version} only; returns its URL. */
  static String sqliteAt(Path file, String version) {
    String url = "jdbc:sqlite:" + file;
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target(version).load()
        .migrate();
    return url;
  }
}
