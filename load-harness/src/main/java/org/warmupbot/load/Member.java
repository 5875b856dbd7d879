package org.warmupbot.load;

import org.jspecify.annotations.Nullable;

/**
 * A simulated member taking the challenge: who they are, what they last sent, and when they may act again
 * (their last interaction was answered and they have "read" the screen). Touched by the scheduler thread only.
 */
final class Member {
  final String userId;
  final long userNumber;
  /** The member's last interaction (set as soon as they act). */
  Sample last = new Sample("none", 0);
  /** The platform's handle on the member's screen: a Discord interaction, a Slack view id. */
  @Nullable Object screen;
  long readyAtNanos;
  int actions;

  Member(long userNumber, String userId) {
    this.userNumber = userNumber;
    this.userId = userId;
  }
}
