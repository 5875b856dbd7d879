package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.BadgeHolders;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/**
 * What {@code /warmup-admin badge-role} tells the admin about the members who hold the badge, through real JDA
 * (from review 8 of the change that gives them a new role at once).
 */
final class BadgeRoleHoldersTest {
  private static final long CAROL = 71_000_000_000_000_003L;

  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** She waited for a role and is given it now: one of those "given now", not also a holder, and given it once. */
  @Test
  void aWaitingMemberGivenTheRoleNow_isNotAlsoCountedAsAHolder() {
    h = new Harness(1, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES).start();
    perfectRun(Harness.ALICE);
    awaitStatus(GrantStatus.Pending.class);

    String answer = h.admin("badge-role", DataArray.empty(), DataObject.empty());

    assertThat(answer).contains("1 member(s) had earned it already: 1 given now.").doesNotContain("who hold the badge");
    assertThat(h.fake.requests("PUT", "/roles/")).as("one role grant for her").hasSize(1);
  }

  /** A role the bot cannot give: holders are not told to get it now, but how they will. */
  @Test
  void roleAboveTheBot_holdersAreToldToWait_forTheCommandAgainOnceTheBotsRoleIsAbove() {
    long above = aliceHoldsTheBadge_andTheAdminAddsARoleAt(20);
    int grantsBefore = h.fake.requests("PUT", "/roles/").size();

    String answer = badgeRole(above);

    assertThat(answer).contains("I cannot give it yet",
            "Members who hold the badge get the role when you run this command again once that is done.")
        .doesNotContain("are being given this role");
    assertThat(h.fake.requests("PUT", "/roles/")).as("no grant the bot knows Discord refuses").hasSize(grantsBefore);
  }

  /**
   * Review 9: a role picked while the bot lacks Manage Roles was answered as a plain success, holders were promised
   * it, and every grant was refused. Now the answer says what the bot needs, and promises nothing.
   */
  @Test
  void rolePickedWhileTheBotLacksManageRoles_theAnswerSaysSo_andHoldersAreToldToWait() {
    long role = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);
    h.guild.setBotPermissions(FakeGuild.BASIC);
    h.fake.await("JDA sees the bot's role without Manage Roles",
        () -> h.bot.guild(Long.toString(Harness.GUILD)).getSelfMember().hasPermission(Permission.MANAGE_ROLES),
        may -> !may);
    int grantsBefore = h.fake.requests("PUT", "/roles/").size();

    String answer = badgeRole(role);

    assertThat(answer).startsWith("The badge of Small Pack is now the role <@&" + role + ">.")
        .contains("my role needs the Manage Roles permission",
            "Members who hold the badge get the role when you run this command again once that is done.")
        .doesNotContain("are being given this role");
    assertThat(h.fake.requests("PUT", "/roles/")).as("no grant the bot knows Discord refuses").hasSize(grantsBefore);
  }

  /** Discord lets nobody give a managed role (the bot's own here) or @everyone: neither is taken as the badge. */
  @Test
  void theBotsOwnRoleOrEveryone_isNotTakenAsTheBadge() {
    long badge = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);
    long before = Long.parseLong(h.store.settings(h.tenant()).badgeGroup("small").orElseThrow());

    String own = badgeRole(h.guild.botRoleId());
    String everyone = badgeRole(Harness.GUILD);

    assertThat(own).isEqualTo("The role Warmup Bot cannot be a badge: an integration manages it (a bot's own role,"
        + " or Server Booster), and Discord lets nobody else give it. Pick another role, or leave out the role"
        + " option and I create one.");
    assertThat(everyone).startsWith("The role @everyone cannot be a badge: every member has it.");
    assertThat(h.store.settings(h.tenant()).badgeGroup("small")).contains(Long.toString(before));
    assertThat(before).isNotEqualTo(badge);
  }

  /** The holders cannot be listed after the role was saved: the answer says the role is set, and what to do. */
  @Test
  void holdersThatCannotBeRead_theAnswerSaysTheRoleIsSet_andToRunItAgain() {
    long newRole = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);
    h.outage.holdersDown = true;

    String answer = badgeRole(newRole);

    assertThat(h.store.settings(h.tenant()).badgeGroup("small")).contains(Long.toString(newRole));
    assertThat(answer).startsWith("The badge of Small Pack is now the role <@&" + newRole + ">.")
        .contains("I could not list the members who hold the badge just now",
            "run this command again in a minute to give them the role.");
    h.outage.holdersDown = false;
    assertThat(badgeRole(newRole)).contains("The 1 member(s) who hold the badge are being given this role");
    h.fake.await("the role given to the holder", () -> h.guild.rolesOf(Harness.ALICE), r -> r.contains(newRole));
  }

  /**
   * Review 10: the holders' grants of a new role ended in the bot's log only. The admin now reads, after the answer,
   * who has the role and who was not given it and why.
   */
  @Test
  void holdersGivenTheNewRole_aFollowUpSaysWhoHasItNow_andNamesTheOneWhoLeft() {
    long newRole = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);
    perfectRun(CAROL);
    awaitStatus(CAROL, GrantStatus.Granted.class);
    h.guild.memberLeft(CAROL);
    h.expectRefusals(Harness.refusedWith(10007)); // Unknown Member: the role for the member who left

    Interaction call = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB, "warmup-admin",
        FakeDiscord.subcommand("badge-role", FakeDiscord.options("role", 8, Long.toString(newRole))),
        h.guild.resolvedRole(newRole));
    String answer = h.fake.awaitShown(call, m -> !m.deferred()).text();
    long followUp = h.fake.await("the follow-up", call::followUps, ids -> !ids.isEmpty()).get(0);

    assertThat(answer).contains("The 2 member(s) who hold the badge are being given this role: I will say here when"
        + " they have it.");
    Message told = h.fake.message(followUp);
    assertThat(told.ephemeral()).isTrue();
    assertThat(told.text()).isEqualTo("The role <@&" + newRole + "> was given to 1 of the 2 member(s) who hold the"
        + " badge. Not given: <@" + CAROL + ">: the member is no longer in the server.");
    assertThat(h.guild.rolesOf(Harness.ALICE)).contains(newRole);
    List<String> order = h.fake.requests().stream().filter(r -> r.path().contains(call.token()))
        .map(r -> r.method()).toList();
    assertThat(order).as("the answer is shown before the follow-up").containsSubsequence("PATCH", "POST");
  }

  /** All holders given the role: the follow-up says so; a Pending refusal says to run the command again. */
  @Test
  void holdersGivenText_allGiven_orRefusedForAReasonAnAdminCanFix() {
    Player alice = new Player(Platform.DISCORD, "1", Long.toString(Harness.ALICE));
    Player carol = new Player(Platform.DISCORD, "1", Long.toString(CAROL));

    assertThat(AdminCommands.holdersGivenText(2, "5", Map.of()))
        .isEqualTo("The 2 member(s) who hold the badge have the role <@&5> now.");
    assertThat(AdminCommands.holdersGivenText(3, "5", Map.of(
        carol, new GrantStatus.Failed("the member is no longer in the server"),
        alice, new GrantStatus.Pending("the bot lacks the Manage Roles permission", "give it"))))
        .isEqualTo("The role <@&5> was given to 1 of the 3 member(s) who hold the badge. Not given: <@" + Harness.ALICE
            + ">: the bot lacks the Manage Roles permission; <@" + CAROL + ">: the member is no longer in the server."
            + " Once that is fixed, run /warmup-admin badge-role again to give it to them.");
  }

  /** Review 10: the admin's pack was taken as typed (members' is trimmed and lower-cased), and a wrong one listed none. */
  @Test
  void packTypedWithSpacesOrCapitals_isTheSamePack_andAnUnknownOneListsThePacks() {
    long role = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);

    String typed = h.admin("badge-role", FakeDiscord.options("pack", 3, " Small ", "role", 8, Long.toString(role)),
        h.guild.resolvedRole(role));
    String unknown = h.admin("badge-role", FakeDiscord.options("pack", 3, "nope"), DataObject.empty());

    assertThat(typed).startsWith("The badge of Small Pack is now the role <@&" + role + ">.");
    assertThat(unknown).isEqualTo("There is no challenge called \"nope\". Available: small.");
  }

  /**
   * Review 10 (abuse): anyone the command is open to (Manage Server, or a role a server opened it to) could make
   * any role below the bot's a badge, then earn it: a member without Manage Roles gave herself a Staff role. A
   * picked role must be one its setter could give; a role that grants moderation is set with a note.
   */
  @Test
  void pickedRole_theSetterCouldNotGive_isRefused_andOneThatModeratesIsSetWithANote() {
    long staff = aliceHoldsTheBadge_andTheAdminAddsARoleAt(1);
    long moderators = h.guild.addRole("Moderators", 2, FakeGuild.MANAGE_ROLES);
    h.fake.await("JDA sees the new role", () -> h.bot.guild(Long.toString(Harness.GUILD)).getRoleById(moderators),
        r -> true);

    Interaction byAlice = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup-admin",
        FakeDiscord.subcommand("badge-role", FakeDiscord.options("role", 8, Long.toString(staff))),
        h.guild.resolvedRole(staff));
    String refused = h.fake.awaitShown(byAlice, m -> !m.deferred()).text();
    String keptAfterTheRefusal = h.store.settings(h.tenant()).badgeGroup("small").orElseThrow();
    String withNote = badgeRole(moderators);

    assertThat(refused).isEqualTo("You cannot give the role Another role yourself (that needs Manage Roles and a"
        + " role of yours above it), so it cannot be your badge: a perfect run would give it to anyone. Pick a role"
        + " you can give, or leave out the role option and I create one.");
    assertThat(withNote).contains("is now the role <@&" + moderators + ">", "Note: this role grants Manage Roles:"
        + " every member with a perfect run gets that.");
    assertThat(keptAfterTheRefusal).as("the refused role was not saved").isNotEqualTo(Long.toString(staff));
  }

  /** "I am stopping" only when the work was refused for the stop, not for any failure of it (from review 8). */
  @Test
  void stopping_isSaidOnlyForAnExecutorThatRefusedTheWork() {
    CompletableFuture<Map<Player, GrantStatus>> refusedForTheStop = new CompletableFuture<>();
    refusedForTheStop.completeExceptionally(new RejectedExecutionException("stopping"));
    CompletableFuture<Map<Player, GrantStatus>> failed = new CompletableFuture<>();
    failed.completeExceptionally(new IllegalStateException("the store broke"));

    assertThat(AdminCommands.stopping(new BadgeHolders.Giving(1, refusedForTheStop))).isTrue();
    assertThat(AdminCommands.stopping(new BadgeHolders.Giving(1, failed))).isFalse();
    assertThat(AdminCommands.stopping(new BadgeHolders.Giving(1, new CompletableFuture<>())))
        .as("still running").isFalse();
  }

  /** The admin's /warmup-admin badge-role with the role option set to {@code role}; returns the answer. */
  private String badgeRole(long role) {
    return h.admin("badge-role", FakeDiscord.options("role", 8, Long.toString(role)), h.guild.resolvedRole(role));
  }

  /**
   * Alice holds the badge (its role given), and the admin has added another role at {@code position} (the bot's own
   * role sits at 10); returns that role's id.
   */
  private long aliceHoldsTheBadge_andTheAdminAddsARoleAt(int position) {
    h = new Harness(1, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role = h.guild.addRole("Small Master", 1);
    h.store.saveSettings(h.tenant(), new TenantSettings(Map.of("small", Long.toString(role)), null, Set.of(), 1.0));
    long another = h.guild.addRole("Another role", position);
    h.start();
    perfectRun(Harness.ALICE);
    awaitStatus(GrantStatus.Granted.class);
    return another;
  }

  private Message perfectRun(long user) {
    Message intro = h.warmup(user);
    Message question = h.press(user, intro, "Start");
    h.clock.advance(Duration.ofSeconds(10));
    Message feedback = h.press(user, question, "The right one");
    question = h.press(user, feedback, "Next question");
    h.clock.advance(Duration.ofSeconds(10));
    feedback = h.press(user, question, "The right one");
    question = h.press(user, feedback, "Next question");
    h.clock.advance(Duration.ofSeconds(10));
    Interaction typed = h.fake.pressLabel(user, question, "Type your answer");
    h.fake.await("the answer modal", () -> typed.modal(), m -> true);
    return h.fake.awaitShown(h.fake.submitModal(user, typed, "42"));
  }

  private void awaitStatus(Class<? extends GrantStatus> kind) {
    awaitStatus(Harness.ALICE, kind);
  }

  private void awaitStatus(long user, Class<? extends GrantStatus> kind) {
    h.fake.await("badge status " + kind.getSimpleName(), () -> h.store.badges(h.player(user)).stream()
        .map(b -> b.status()).filter(kind::isInstance).filter(status -> !status.equals(GrantStatus.BEING_GRANTED))
        .findFirst().orElse(null), s -> true);
  }
}
