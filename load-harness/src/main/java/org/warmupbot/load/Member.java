package org.warmupbot.load;

import org.jspecify.annotations.Nullable;

/**
 * A simulated member taking the challenge: who they are, what they last sent, when their answer came, and when
 * the scheduler looks at them next. Touched by the scheduler thread only.
 */
final class Member {
  final String userId;
  final long userNumber;
  /** The member's last interaction (set as soon as they act). */
  Sample last = new Sample("none", Sample.Kind.UNSENT, 0);
  /** The platform's handle on the member's screen: a Discord interaction, a Slack view id. */
  @Nullable Object screen;
  /** Whether {@link #last} was answered (the screen it caused can be read), and when ({@link System#nanoTime}). */
  boolean answered;
  long answeredNanos;
  /** When the scheduler looks at this member next; fixed while the member is queued. */
  long dueNanos;
  int actions;

  Member(long userNumber, String userId) {
    this.userNumber = userNumber;
    this.userId = userId;
  }
}
