package org.warmupbot.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.port.ResultStoreContract;

/** The store contract on a real SQLite file, opened as the bot opens it: boards ranked in process. */
final class SqliteStoreTest extends ResultStoreContract<JdbcStore> {

  @TempDir Path folder;

  @Override
  protected JdbcStore openEmptyStore() {
    return JdbcStores.sqlite(folder.resolve("data/warmup.db"));
  }
}
