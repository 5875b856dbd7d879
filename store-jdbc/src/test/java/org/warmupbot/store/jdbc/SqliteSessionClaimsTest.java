package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
   * Regression (review 6): deleting the lock file (it looks stale to an operator whose second process was
   * refused) dropped every claim of the running process silently. Now the check reports the store failing, and
   * the refusal says the file is never stale.
   */
  @Test
  void lockFileDeletedWhileTheBotRuns_theCheckReportsTheStoreFailing() throws Exception {
    JdbcStore running = opened();
    running.claimSessions(SLACK);
    assertThatThrownBy(() -> opened().claimSessions(SLACK))
        .hasMessageContaining("never stale")
        .hasMessageContaining("Do not delete that file");
    Path lockFile = folder.resolve("warmup.db.lock");
    running.checkClaims();
    assertThat(running.reachable()).as("the lock file untouched").isTrue();

    Files.delete(lockFile);
    Files.createFile(lockFile); // what the next process's store does

    running.checkClaims();
    assertThat(running.reachable()).as("health: the claims are gone with the file").isFalse();
  }

  /** Regression (review 6): a wait for another process's opening never ended nor said anything. */
  @Test
  void storeOpening_waitsWhileAnotherProcessOpens_sayingSoAfterFiveSeconds() throws Exception {
    opened().close(); // the database and its lock file exist
    Process other = SessionClaimsContract.holdFromAnotherProcess(folder.resolve("warmup.db.lock"),
        (1L << 41) + OtherProcesses.OPENING);
    try (OpeningNotices notices = new OpeningNotices()) {
      CompletableFuture<JdbcStore> opening = CompletableFuture.supplyAsync(() -> openStore(ZoneOffset.UTC));

      Poll.until("the store waits, its notice timed", () -> notices.pending() == 1);
      notices.fiveSecondsLater();
      assertThat(notices.logged()).singleElement().asString()
          .contains("Waiting for another process that is opening the store");
      assertThat(opening).isNotDone();

      other.getOutputStream().close(); // the other process's opening ends
      opening.get(30, TimeUnit.SECONDS).close();
    } finally {
      other.destroyForcibly();
    }
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
