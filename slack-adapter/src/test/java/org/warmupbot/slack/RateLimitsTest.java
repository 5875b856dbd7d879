package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How often a call Slack limited is tried again, and how long it may wait. */
final class RateLimitsTest {
  private final ViewCalls.Answer refused = ViewCalls.Answer.rateLimited(Duration.ofSeconds(1));
  private final ViewCalls.Answer held = ViewCalls.Answer.heldBack(Duration.ofMillis(300));

  @Test
  void slacksRefusals_andHolds_useUpTheirOwnRetries() {
    RateLimits.Attempts attempts = RateLimits.Attempts.FIRST;
    for (int i = 0; i < RateLimits.RETRIES; i++) {
      assertThat(attempts.triesAgain(refused)).as("refusal %d", i + 1).isTrue();
      attempts = attempts.and(refused);
    }
    assertThat(attempts.triesAgain(refused)).isFalse();
    for (int i = 0; i < RateLimits.HELD_ROUNDS; i++) {
      assertThat(attempts.triesAgain(held)).as("hold %d after the refusals", i + 1).isTrue();
      attempts = attempts.and(held);
    }
    assertThat(attempts.triesAgain(held)).isFalse();
    assertThat(attempts).isEqualTo(new RateLimits.Attempts(RateLimits.RETRIES, RateLimits.HELD_ROUNDS));
  }

  @Test
  void otherRefusals_areNotTriedAgain() {
    assertThat(RateLimits.Attempts.FIRST.triesAgain(ViewCalls.Answer.failed("invalid_arguments"))).isFalse();
  }

  @Test
  void theLongestWait_isSlacksAndAFifthMore_atLeastAFifthOfASecond() {
    assertThat(RateLimits.longestWait(refused)).isEqualTo(Duration.ofMillis(1_200));
    assertThat(RateLimits.longestWait(ViewCalls.Answer.rateLimited(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(36));
    assertThat(RateLimits.longestWait(held)).isEqualTo(Duration.ofMillis(500));
  }
}
