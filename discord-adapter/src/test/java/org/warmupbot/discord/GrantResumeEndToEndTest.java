package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.discord.fake.FakeGuild;

/**
 * A badge whose grant a stopped bot left unfinished (the process stopped before the grant, or while it waited to
 * retry one Discord refused) is given by the next start, through real JDA, without an admin's retry.
 */
final class GrantResumeEndToEndTest {
  private static final Instant EARNED = Instant.parse("2025-03-01T09:00:00Z");

  private final Harness h = new Harness(1, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);

  @AfterEach
  void stop() {
    h.close();
  }

  private long badgeRole() {
    long role = h.guild.addRole("Small Master", 1);
    h.store.saveSettings(h.tenant(), new TenantSettings(Map.of("small", Long.toString(role)), null, Set.of(), 1.0));
    return role;
  }

  private void leftBeingGranted(long user) {
    h.store.saveBadge(new BadgeAward(h.player(user), "small", "small", EARNED, GrantStatus.BEING_GRANTED));
  }

  @Test
  void badgeLeftBeingGranted_isGivenOnceTheShardIsReady_notAnnouncedAgain() {
    long role = badgeRole();
    leftBeingGranted(Harness.ALICE);

    h.start();

    h.fake.await("the role granted", () -> h.guild.rolesOf(Harness.ALICE), roles -> roles.contains(role));
    BadgeAward award = h.fake.await("the grant stored", () -> h.store.badges(h.player(Harness.ALICE)).get(0),
        stored -> stored.status() instanceof GrantStatus.Granted);
    assertThat(award.badgeName()).as("named as the pack names it").isEqualTo("Small Master");
    assertThat(award.earnedAt()).isEqualTo(EARNED);
    assertThat(h.fake.messagesIn(h.guild.channelId())).as("announced when earned, not at the restart").isEmpty();
    assertThat(h.guild.rolesOf(Harness.BOB)).doesNotContain(role);
  }

  /**
   * From review (rev8): a guild in an outage when its shard connected (GUILD_DELETE unavailable instead of its
   * GUILD_CREATE) comes back as JDA's GuildReady, not GuildAvailable; its members' badges were never resumed.
   */
  @Test
  void guildInAnOutageWhenItsShardConnected_getsTheBadgesLeftBeingGranted_whenItComesBack() {
    long role = badgeRole();
    leftBeingGranted(Harness.ALICE);
    h.fake.inOutageAtConnect(Harness.GUILD);

    h.start();
    h.fake.guildAvailableAgain(Harness.GUILD);

    h.fake.await("the role granted", () -> h.guild.rolesOf(Harness.ALICE), roles -> roles.contains(role));
    h.fake.await("the grant stored", () -> h.store.badges(h.player(Harness.ALICE)).get(0).status(),
        status -> status instanceof GrantStatus.Granted);
  }

  /** A guild whose outage began after its shard was ready gets its members' badges when Discord brings it back. */
  @Test
  void guildBackFromAnOutage_getsTheBadgesLeftBeingGrantedInIt() {
    long role = badgeRole();
    h.start();
    h.fake.guildUnavailable(Harness.GUILD);
    // Left once JDA has the guild in its outage: the shard's own resume, should it run this late, then skips it.
    h.fake.await("the guild in an outage for the bot", () -> h.bot.guild(Long.toString(Harness.GUILD)) == null,
        Boolean::booleanValue);
    leftBeingGranted(Harness.BOB);

    h.fake.guildAvailableAgain(Harness.GUILD);

    h.fake.await("the role granted", () -> h.guild.rolesOf(Harness.BOB), roles -> roles.contains(role));
    h.fake.await("the grant stored", () -> h.store.badges(h.player(Harness.BOB)).get(0).status(),
        status -> status instanceof GrantStatus.Granted);
  }
}
