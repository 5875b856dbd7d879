package org.warmupbot.store.jdbc;

import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.port.ResultStoreContract;

/** The store contract on a SQLite file ranked in SQL, as a file shared by several processes must be opened. */
final class SqliteSqlRankingStoreTest extends ResultStoreContract<JdbcStore> {

  @TempDir Path folder;

  @Override
  protected JdbcStore openEmptyStore() {
    return JdbcStores.sqlite(folder.resolve("warmup.db"), ZoneOffset.UTC, JdbcStores.Ranking.SQL);
  }
}
