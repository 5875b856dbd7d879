package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims check after a network stall of the lock connection: the check's query times out and the check closes
 * the connection, but the close cannot reach the server, so the old session (this process's own) keeps the Slack
 * lock until the server notices. The check then ends that session itself and takes the claims again on a new one;
 * the store must not report itself failing for good because of its own lingering session.
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

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
