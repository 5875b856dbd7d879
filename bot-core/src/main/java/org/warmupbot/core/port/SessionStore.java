package org.warmupbot.core.port;

import java.util.Collection;
import java.util.List;

/** Keeps snapshots of live sessions across restarts. Implementations are thread-safe. */
public interface SessionStore {

  /** Replaces every kept snapshot with these. */
  void replaceAll(Collection<SessionSnapshot> snapshots);

  List<SessionSnapshot> loadAll();
}
