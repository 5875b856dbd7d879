package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where challenges may start, said within Discord's 2000 characters however many channels are allowed. */
final class ChallengesRunInTest {

  @Test
  void aFewChannels_areAllNamed_inOrder() {
    assertThat(WarmupListener.challengesRunIn(Set.of("300000000000000002", "300000000000000001")))
        .isEqualTo("Challenges run in <#300000000000000001>, <#300000000000000002> on this server.");
  }

  /** Review 11: with exactly one channel left over it said "1 more channels". */
  @Test
  void oneChannelLeftOver_isOneMoreChannel() {
    Set<String> allowed = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      allowed.add(Long.toString(100_000_000_000_000_000L + i)); // 18 digits
    }
    for (int i = 0; i < 63; i++) {
      allowed.add(Long.toString(9_000_000_000_000_000_000L + i)); // 19 digits
    }

    String text = WarmupListener.challengesRunIn(allowed);

    assertThat(text).hasSizeLessThanOrEqualTo(2000).endsWith(" and 1 more channel on this server.");
  }
}
