package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SessionClaimsContract} on a SQLite file: locks on {@code <file>.lock}. */
final class SqliteSessionClaimsTest extends SessionClaimsContract {
  @TempDir Path folder;

  @Override
  JdbcStore openStore(ZoneId zone) {
    return JdbcStores.sqlite(folder.resolve("warmup.db"), zone, JdbcStores.Ranking.SQL);
  }

  /**
   * Regression (review 6): each store of a JVM had its own channel on the lock file, and closing one (POSIX)
   * dropped every lock of the process on the file: another process then saw nobody connected, and nobody's
   * sessions claimed.
   */
  @Test
  void closingOneStoreOfTheJvm_keepsTheOthersLocks_asAnotherProcessSeesThem() throws Exception {
    JdbcStore staying = opened();
    staying.claimSessions(SLACK);
    JdbcStore leaving = openStore(ZoneOffset.UTC);
    leaving.close();

    assertThat(SessionClaimsContract.probeFromAnotherProcess(folder.resolve("warmup.db.lock"), 0, 1L << 40))
        .as("the staying store's own byte")
        .isEqualTo("held");
    assertThat(SessionClaimsContract.probeFromAnotherProcess(folder.resolve("warmup.db.lock"), (1L << 41) + 2, 1))
        .as("the staying store's Slack claim")
        .isEqualTo("held");
    staying.close();
    assertThat(SessionClaimsContract.probeFromAnotherProcess(folder.resolve("warmup.db.lock"), 0, 1L << 42)).isEqualTo("free");
  }
}
