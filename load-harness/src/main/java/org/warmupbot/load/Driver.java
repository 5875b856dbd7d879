package org.warmupbot.load;

import java.util.List;
import java.util.function.Consumer;

/**
 * One stack under load (ours or ack-only, on one platform), played by members who arrive at a fixed rate and
 * act at their own pace. {@link #arrive} and {@link #actDue} are called by the phase's scheduler thread only;
 * acknowledgements are recorded by the fake's or the HTTP client's threads.
 */
interface Driver extends AutoCloseable {
  /** For the tables, e.g. "discord ours". */
  String label();

  /** How many interactions one member's run takes, so that arrivals of rate / this give about rate interactions. */
  int interactionsPerRun();

  /** A new member arrives and opens the challenge now; the interaction sent. */
  Sample arrive();

  /** Sends the next interaction of every member whose think time after their last answer has passed. */
  void actDue(long nowNanos, Consumer<Sample> sent);

  /** When {@link #actDue} has something to look at next ({@link System#nanoTime}); {@link Long#MAX_VALUE} if never. */
  long nextDueNanos();

  /** Called once the phase drained: fills in what is only known at the end (Discord's acknowledgement times). */
  default void settle(List<Sample> samples) {}

  /**
   * Called once a phase's figures are in ({@link #settle}, {@link #members}) and the processes are quiet: lets go
   * of what the phase left behind (the fake's kept messages, the members' last screens), so that the next phase
   * starts on the heap the first one had; what was dropped, for the log (may be empty).
   */
  default String forgetPhase() {
    return "";
  }

  /** What the members of the last phase did, for the log. */
  String members();

  /** Forgets the members of the last phase (their sessions may stay in the engine). */
  void resetMembers();

  /** How many members have arrived since this driver was made, to number the next driver's on. */
  long membersSoFar();

  /** The stack under test (in this process or a child JVM). */
  StackHandle stack();

  /** Platform calls other than the acknowledgements that the fake refused, since this driver was made. */
  long refusals();

  /** The first few refusals the fake saw, for the log. */
  List<String> examples();

  @Override
  void close();
}
