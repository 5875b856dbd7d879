package org.warmupbot.core.port;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.warmupbot.core.player.Platform;

/**
 * Keeps snapshots of live sessions across restarts. Implementations are thread-safe.
 *
 * <p>Several bot processes may share one store, each serving its own platforms (one for Discord, one for Slack):
 * each writes down and resumes only the sessions of the platforms it serves, so one process's write-down never
 * drops another's snapshots, and a restarted process never takes over sessions that are live in another.
 */
public interface SessionStore {

  /**
   * Replaces the kept snapshots of {@code platforms} with these; snapshots of other platforms are left as they are.
   *
   * @throws IllegalArgumentException when a snapshot's member is on a platform not in {@code platforms}
   */
  void replaceAll(Set<Platform> platforms, Collection<SessionSnapshot> snapshots);

  /** The kept snapshots of members on {@code platforms}. */
  List<SessionSnapshot> loadAll(Set<Platform> platforms);

  /** Refuses a snapshot outside {@code platforms}: writing it down would let another platform's process resume it. */
  static void checkPlatforms(Set<Platform> platforms, Collection<SessionSnapshot> snapshots) {
    for (SessionSnapshot snapshot : snapshots) {
      if (!platforms.contains(snapshot.player().platform())) {
        throw new IllegalArgumentException("snapshot " + snapshot.runId() + " is of a member on "
            + snapshot.player().platform() + ", not on the platforms replaced: " + platforms);
      }
    }
  }
}
