package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.HierarchyException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.testing.TestPacks;

final class GrantFailuresTest {
  private static ErrorResponseException response(ErrorResponse code) {
    ErrorResponseException error = mock(ErrorResponseException.class);
    when(error.getErrorResponse()).thenReturn(code);
    when(error.getErrorCode()).thenReturn(code.getCode());
    when(error.getMeaning()).thenReturn(code.getMeaning());
    return error;
  }

  @Test
  void missingManageRoles_isPendingWithTheFix() {
    GrantStatus status = GrantFailures.classify(mock(InsufficientPermissionException.class), "Badge");
    assertThat(status).isInstanceOf(GrantStatus.Pending.class);
    assertThat(((GrantStatus.Pending) status).fix()).contains("Manage Roles", "/warmup-admin retry");
    assertThat(((GrantStatus.Pending) status).retryable()).as("an admin must fix it first").isFalse();
  }

  @Test
  void roleAboveTheBot_isPendingAndNamesTheRole() {
    GrantStatus status = GrantFailures.classify(new HierarchyException("too high"), "Badge");
    assertThat(status.describe()).contains("Badge", "drag the bot's role above");
  }

  @Test
  void discord50013_isPending() {
    assertThat(GrantFailures.classify(response(ErrorResponse.MISSING_PERMISSIONS), "Badge"))
        .isInstanceOf(GrantStatus.Pending.class);
  }

  @Test
  void deletedRole_isPending() {
    assertThat(GrantFailures.classify(response(ErrorResponse.UNKNOWN_ROLE), "Badge").describe())
        .contains("no longer exists");
  }

  @Test
  void memberGone10007_fails() {
    assertThat(GrantFailures.classify(response(ErrorResponse.UNKNOWN_MEMBER), "Badge"))
        .isInstanceOf(GrantStatus.Failed.class);
  }

  @Test
  void networkTrouble_isPending_andRetriedByTheCore() {
    assertThat(GrantFailures.classify(new IllegalStateException("down"), "Badge"))
        .isInstanceOfSatisfying(GrantStatus.Pending.class, p -> assertThat(p.retryable()).isTrue());
  }

  @Test
  void discordServerError_isPending_andRetriedByTheCore() {
    ErrorResponseException error = response(ErrorResponse.SERVER_ERROR);
    when(error.isServerError()).thenReturn(true);

    assertThat(GrantFailures.classify(error, "Badge"))
        .isInstanceOfSatisfying(GrantStatus.Pending.class, p -> assertThat(p.retryable()).isTrue());
  }

  /** The core retries it by itself: a note per try would tell the member up to four times. */
  @Test
  void botNotConnectedToTheServer_isRetriedByTheCore_withoutANoteToTheMember() {
    List<String> notes = new ArrayList<>();
    DiscordBadgeGranter granter =
        new DiscordBadgeGranter(guildId -> null, new InMemoryStore(), (player, note) -> notes.add(note));

    GrantStatus status = granter.grant(new Player(Platform.DISCORD, "81", "71"), TestPacks.small());

    assertThat(status).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> assertThat(p.retryable()).isTrue());
    assertThat(notes).isEmpty();
  }

  /** Kept quiet while the bot retried: told once the retries are used up, as for a refusal an admin must fix. */
  @Test
  void botStillNotConnectedWhenTheRetriesAreUsedUp_tellsTheMemberTheRoleWaitsForTheAdmins() {
    List<String> notes = new ArrayList<>();
    DiscordBadgeGranter granter =
        new DiscordBadgeGranter(guildId -> null, new InMemoryStore(), (player, note) -> notes.add(note));
    Player member = new Player(Platform.DISCORD, "81", "71");
    GrantStatus.Pending last = (GrantStatus.Pending) granter.grant(member, TestPacks.small());

    granter.retriesUsedUp(member, TestPacks.small(), last);

    assertThat(notes).containsExactly("You earned 🏅 Small Master! I could not give you its role yet: the server"
        + " admins have been told what to fix, and you will get it as soon as they do.");
  }

  @Test
  void roleAboveTheBot_isNotRetriedByTheCore() {
    assertThat(GrantFailures.classify(mock(HierarchyException.class), "Badge"))
        .isInstanceOfSatisfying(GrantStatus.Pending.class, p -> assertThat(p.retryable()).isFalse());
  }

  @Test
  void inviteUrl_asksForBotAndCommandsScopesAndTheNeededPermissions() {
    String url = DiscordBot.inviteUrl("42");
    assertThat(url).contains("client_id=42", "scope=bot+applications.commands",
        "permissions=" + ((1L << 28) | (1L << 10) | (1L << 11) | (1L << 14)));
  }

  @Test
  void settings_neverPrintTheToken() {
    assertThat(DiscordSettings.of("secret-token").toString()).doesNotContain("secret-token");
  }
}
