package org.warmupbot.core.port;

import java.util.Collection;
import java.util.List;

/**
 * Keeps snapshots of live sessions across restarts. Implementations are thread-safe.
 *
 * <p>Several bot processes may share one store, each serving its own platforms or Discord shards ({@link
 * SessionScope}): each writes down and resumes only the sessions it serves, so one process's write-down never
 * drops another's snapshots, and a restarted process never takes over sessions that are live in another.
 */
public interface SessionStore {

  /**
   * Replaces the kept snapshots {@code scope} covers with these; the others are left as they are.
   *
   * @throws IllegalArgumentException when {@code scope} does not cover a snapshot's member
   */
  void replaceAll(SessionScope scope, Collection<SessionSnapshot> snapshots);

  /** The kept snapshots {@code scope} covers. */
  List<SessionSnapshot> loadAll(SessionScope scope);

  /** Refuses a snapshot outside {@code scope}: writing it down would let another process resume it. */
  static void checkScope(SessionScope scope, Collection<SessionSnapshot> snapshots) {
    for (SessionSnapshot snapshot : snapshots) {
      if (!scope.covers(snapshot.player())) {
        throw new IllegalArgumentException("snapshot " + snapshot.runId() + " is of a member on "
            + snapshot.player().platform() + " in " + snapshot.player().tenant()
            + ", outside the scope replaced (platforms " + scope.platforms() + ")");
      }
    }
  }
}
