package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.TestPacks;

/** The badge grant counter's labels take a fixed set of values, whatever the granters' reasons name. */
final class BotMetricsTest {
  private static final Player ADA = new Player(Platform.DISCORD, "81000000000000000", "71000000000000001");

  /**
   * Regression: the {@code reason} label carried the granter's reason, which names roles, groups and error texts:
   * a new series per deleted role of every server.
   */
  @Test
  void grantsPendingForDeletedRolesOfManyServers_countInOneSeries() {
    BotMetrics metrics = new BotMetrics();
    ChallengePack pack = TestPacks.small();
    for (int role = 0; role < 50; role++) {
      String roleId = "9100000000000000" + role;
      BadgeGranter granter = metrics.metered((player, p) -> new GrantStatus.Pending(
          "the badge role (" + roleId + ") no longer exists", "pick or create a role again"));
      granter.grant(ADA, pack);
    }

    List<String> series = metrics.scrape().lines().filter(line -> line.startsWith("warmup_badge_grants_total{")).toList();
    assertThat(series).containsExactly(
        "warmup_badge_grants_total{outcome=\"pending\",platform=\"discord\",reason=\"role_deleted\"} 50.0");
  }

  /** Each kind of reason the Discord, Slack and core granters give (as they word it today) has its code. */
  @Test
  void everyGranterReasonKind_hasAFixedCode_andAnUnknownOneIsOther() {
    Map<String, String> reasons = Map.ofEntries(
        Map.entry("no badge role is set for pack warmup-mastery", "no_badge_role"),
        Map.entry("the badge role (123) no longer exists", "role_deleted"),
        Map.entry("the bot is not connected to this server right now", "bot_not_connected"),
        Map.entry("the role Warmup Master sits at or above the bot's highest role", "role_above_bot"),
        Map.entry("the bot lacks the Manage Roles permission", "missing_permission"),
        Map.entry("Discord refused the role (50013: Missing Permissions)", "platform_refused"),
        Map.entry("Discord could not be reached (SocketTimeoutException)", "platform_unreachable"),
        Map.entry("the member is no longer in the server", "member_left"),
        Map.entry("the bot is no longer in the server", "bot_removed"),
        Map.entry("not a Slack member: discord", "wrong_platform"),
        Map.entry("no user group is set for the \"Warmup Master\" badge", "no_badge_group"),
        Map.entry("Slack could not be reached (IOException)", "platform_unreachable"),
        Map.entry("the app lacks the usergroups:write scope", "missing_permission"),
        Map.entry("user groups need a paid Slack plan", "paid_plan_required"),
        Map.entry("Slack does not let the app change user group S123 (no_permission)", "missing_permission"),
        Map.entry("user group S123 does not exist", "group_deleted"),
        Map.entry("the bot token was refused (token_revoked)", "token_refused"),
        Map.entry("Slack rate-limited the request (retry after 30 s)", "rate_limited"),
        Map.entry("Slack answered HTTP 503", "platform_refused"),
        Map.entry("the member is no longer in the workspace (user_not_found)", "member_left"),
        Map.entry("Slack refused to update user group S123 (fatal_error)", "platform_refused"),
        Map.entry(RunRecorder.platformCallFailed(new IllegalStateException("boom")).reason(), "platform_call_failed"),
        Map.entry("something no granter says", "other"));

    reasons.forEach((reason, code) -> assertThat(BotMetrics.reasonCode(reason)).as(reason).isEqualTo(code));
  }

  /**
   * Regression (review 6): the README lists {@code platform_call_failed}, but that reason is made by RunRecorder
   * from an exception the granter throws, outside the metered granter: a grant that threw was not counted at all.
   */
  @Test
  void grantThatThrows_isCountedAsPlatformCallFailed_andStillThrows() {
    BotMetrics metrics = new BotMetrics();
    BadgeGranter granter = metrics.metered((player, pack) -> {
      throw new IllegalStateException("store down while reading the badge role");
    });

    assertThatThrownBy(() -> granter.grant(ADA, TestPacks.small())).isInstanceOf(IllegalStateException.class);

    assertThat(metrics.scrape().lines().filter(line -> line.startsWith("warmup_badge_grants_total{")))
        .containsExactly(
            "warmup_badge_grants_total{outcome=\"pending\",platform=\"discord\",reason=\"platform_call_failed\"} 1.0");
  }

  /**
   * A badge given again to a member who holds it goes to the wrapped granter's quiet call (the Discord granter's
   * tells the member nothing on a refusal): through {@code grant} she was sent "I could not give you its role".
   */
  @Test
  void badgeGivenAgain_reachesTheWrappedGrantersQuietCall_andIsNotCounted() {
    BotMetrics metrics = new BotMetrics();
    List<String> calls = new java.util.ArrayList<>();
    BadgeGranter granter = metrics.metered(new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack pack) {
        calls.add("grant");
        return new GrantStatus.Granted();
      }

      @Override
      public GrantStatus giveAgain(Player player, ChallengePack pack) {
        calls.add("giveAgain");
        return new GrantStatus.Pending("the badge role (1) no longer exists", "pick or create a role again");
      }

      @Override
      public Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack pack) {
        calls.add("giveAgainToAll");
        return Map.of(ADA, new GrantStatus.Granted());
      }

      @Override
      public void retriesUsedUp(Player player, ChallengePack pack, GrantStatus.Pending last) {
        calls.add("retriesUsedUp");
      }
    });

    assertThat(granter.giveAgain(ADA, TestPacks.small())).isInstanceOf(GrantStatus.Pending.class);
    assertThat(granter.giveAgainToAll(List.of(ADA), TestPacks.small())).containsOnlyKeys(ADA);
    granter.retriesUsedUp(ADA, TestPacks.small(), GrantStatus.Pending.tryAgainLater("Discord could not be reached",
        "retry later", null));

    assertThat(calls).as("the quiet calls reach the wrapped granter")
        .containsExactly("giveAgain", "giveAgainToAll", "retriesUsedUp");
    assertThat(metrics.scrape().lines().filter(line -> line.startsWith("warmup_badge_grants_total{"))).isEmpty();
  }
}
