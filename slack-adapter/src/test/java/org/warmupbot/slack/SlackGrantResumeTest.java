package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.TestPacks;

/**
 * A badge grant Slack refused for a passing reason, with the bot stopped before its retry: the next start gives
 * it, through the real Bolt app and the fake Web API, without an admin's retry.
 */
final class SlackGrantResumeTest {
  private static final String MEMBER = "U0MEMBER";
  private static final String GROUP = "S0MASTERS";

  private SlackHarness before;
  private SlackHarness after;

  @AfterEach
  void close() {
    if (before != null) {
      before.close();
    }
    if (after != null) {
      after.close();
    }
  }

  @Test
  void grantWhoseRetryAStopCutShort_isGivenByTheNextStart() {
    before = new SlackHarness(TestPacks.small());
    TenantSettings groupSet = new TenantSettings(Map.of("small", GROUP), null, Set.of(), 1.0);
    before.store.saveSettings(before.tenant, groupSet);
    before.api.userGroup(GROUP, "U0EARLIER");
    before.api.rateLimitNext("usergroups.users.update", 30);
    before.shortcutAndPerfectRun(MEMBER);
    assertThat(before.store.badges(before.player(MEMBER))).extracting(BadgeAward::status)
        .as("while its retry waits").containsExactly(GrantStatus.BEING_GRANTED);
    before.close(); // stopped before Slack's Retry-After passed
    BadgeAward left = before.store.badges(before.player(MEMBER)).get(0);
    before = null;

    after = SlackHarness.startedAfter(harness -> {
      harness.store.saveSettings(harness.tenant, groupSet); // the same store, as the next start reads it
      harness.store.saveBadge(left);
      harness.api.userGroup(GROUP, "U0EARLIER");
    }, TestPacks.small());

    assertThat(after.awaitCalls("usergroups.users.update", 1)).hasSize(1);
    assertThat(after.api.userGroupMembers(GROUP)).containsExactly("U0EARLIER", MEMBER);
    assertThat(after.store.badges(after.player(MEMBER))).extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(), left.earnedAt()));
    assertThat(after.api.calls("chat.postMessage")).as("announced when earned, not at the restart").isEmpty();
  }
}
