package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.benmanes.caffeine.cache.Ticker;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.testing.CapturedLogs;

/**
 * The claims check after a network stall of the lock connection: the check's query times out and the check closes
 * the connection, but the close cannot reach the server, so the old session (this process's own) keeps the Slack
 * lock until the server notices. The check then ends that session itself and takes the claims again on a new one;
 * the store must not report itself failing for good because of its own lingering session. Every wait of the check
 * is bounded, since it runs on the launcher's one chores thread (the sessions' write-down, retries of writes).
 */
final class PostgresLockSessionStallTest {
  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  @Test
  void lockConnectionStalled_itsOwnOldSessionLingering_isEnded_andTheClaimsTakenAgain() throws Exception {
    String url = database.newDatabase("stall" + System.nanoTime());
    try (JdbcStore running = JdbcStores.open(url, "postgres", null, ZoneOffset.UTC)) {
      running.claimSessions(SessionClaim.of(true, false, 0, java.util.Set.of()));

      Object locks = field(JdbcStore.class, "others").get(running);
      Field connectionField = field(locks.getClass(), "connection");
      Connection real = (Connection) connectionField.get(locks);
      // The network stalls: every statement times out, and close() does not reach the server.
      Connection stalled = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "prepareStatement":
                throw new SQLTimeoutException("An I/O error occurred while sending to the backend (timed out)");
              case "close":
                return null;
              default:
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
            }
          });
      connectionField.set(locks, stalled);

      running.checkClaims(); // reconnects; its own old session still holds Slack
      real.close(); // the server ends the old session at last (its keepalive, or the backend got to the Terminate)
      running.checkClaims();
      running.checkClaims();

      assertThat(running.reachable())
          .as("nobody but this process holds the Slack claim now: health must not stay failing")
          .isTrue();
    }
  }

  /**
   * Regression: the check's reconnect waited without a network timeout, so a half-open network (nothing answers,
   * nothing closes) held the launcher's chores thread, and with it the sessions' write-down, for good. Here a proxy
   * swallows everything of the lock connection, and of each new connection once it has logged in.
   */
  @Test
  void lockConnectionHalfOpen_theCheckGivesUpWithinItsBound_keepsHealth_andTakesTheClaimsBackOnceTheNetworkIsBack()
      throws Exception {
    String url = database.newDatabase("halfopen" + System.nanoTime());
    try (StallingProxy proxy = new StallingProxy(url);
        CapturedLogs logs = new CapturedLogs("org.warmupbot.store")) {
      JdbcStore running = JdbcStores.open(url, "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.IN_PROCESS,
          Ticker.systemTicker(), Runnable::run, UnaryOperator.identity(),
          new JdbcStores.LockConnection(proxy.route(url), Duration.ofSeconds(2))); // not 10 s per round
      try {
        running.claimSessions(SessionClaim.of(true, false, 0, java.util.Set.of()));
        proxy.stall();

        // Generous hang guards, not timings: without a bound these never return.
        assertTimeoutPreemptively(Duration.ofSeconds(60), running::checkClaims,
            "the check waits on the stalled lock connection");
        assertTimeoutPreemptively(Duration.ofSeconds(60), running::checkClaims,
            "the check waits on a new connection that logged in and then stalled");

        assertThat(warnings(logs)).singleElement().asString()
            .contains("The claims check on the store")
            .contains("gave up for now: no answer from the database within 2 s")
            .contains("It tries again every few seconds")
            .contains("not known to be lost");
        assertThat(running.reachable())
            .as("a check that could not run is no lost claim: health (the pool reaches the database) stays up")
            .isTrue();

        proxy.recover();
        assertTimeoutPreemptively(Duration.ofSeconds(60), running::checkClaims);

        assertThat(logs.events()).map(ILoggingEvent::getFormattedMessage)
            .anyMatch(message -> message.startsWith("Took this process's claims on the store"));
        assertThat(warnings(logs)).as("no more warnings once the network is back").hasSize(1);
        try (JdbcStore other = JdbcStores.open(url, "postgres", null, ZoneOffset.UTC)) {
          assertThatThrownBy(() -> other.claimSessions(SessionClaim.of(true, false, 0, java.util.Set.of())))
              .as("the running store holds Slack again, its own stalled session ended")
              .isInstanceOf(SessionsClaimedException.class);
        }
        assertThat(running.reachable()).isTrue();
      } finally {
        proxy.close(); // first: a check stuck on the proxy (the bug) lets go, and the store can close
        running.close();
      }
    }
  }

  private static List<String> warnings(CapturedLogs logs) {
    return logs.moduleWarnings().stream().filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
