package org.warmupbot.load;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stack under load (ours or ack-only, on one platform). {@link #sendOne} is called by the phase's
 * scheduler thread only; acknowledgements are recorded by the fake's or the HTTP client's threads.
 */
interface Driver extends AutoCloseable {
  /** For the tables, e.g. "discord ours". */
  String label();

  /** Sends one interaction now, for a member who may act (or a new member); null when none could be sent. */
  @Nullable Sample sendOne();

  /** Called once the phase drained: fills in what is only known at the end (Discord's acknowledgement times). */
  default void settle(List<Sample> samples) {}

  /** What the members of the last phase did, for the log. */
  default String members() {
    return "";
  }

  /** Forgets the members of the last phase (their sessions may stay in the engine). */
  void resetMembers();

  @Override
  void close();
}
