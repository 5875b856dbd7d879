package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** The real JDA client against the fake Discord: what members see, pressed through buttons and modals. */
final class WarmupEndToEndTest {
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private Harness harness(long botPermissions) {
    h = new Harness(1, botPermissions);
    return h;
  }

  /** Presses a button on the member's challenge message and returns the message as it then reads. */
  private Message press(long user, Message on, String label) {
    Interaction press = h.fake.pressLabel(user, on, label);
    return h.fake.awaitShown(press);
  }

  /** Answers the three questions of the small pack right, ending on the summary. */
  private Message perfectRun(long user) {
    Message intro = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), user, "warmup"));
    assertThat(intro.ephemeral()).isTrue();
    Message question = press(user, intro, "Start");
    Message feedback = press(user, question, "The right one");
    assertThat(feedback.text()).contains("Correct");
    question = press(user, feedback, "Next question");
    feedback = press(user, question, "The right one");
    question = press(user, feedback, "Next question");
    Interaction typed = h.fake.pressLabel(user, question, "Type your answer");
    h.fake.await("the answer modal", () -> typed.modal(), m -> true);
    return h.fake.awaitShown(h.fake.submitModal(user, typed, "42"));
  }

  @Test
  void warmup_showsTheIntroCardPrivatelyThenAQuestionWithALiveCountdown() {
    harness(FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role = h.guild.addRole("Small Master", 1);
    h.store.saveSettings(h.tenant(), new TenantSettings(Map.of("small", Long.toString(role)), null, Set.of(), 1.0));
    h.start();

    Message intro = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup"));
    assertThat(intro.text()).contains("Small Pack", "Three quick ones", "Small Master", "Questions: 3",
        "Time per question: 2:00");
    Message question = press(Harness.ALICE, intro, "Start");
    assertThat(question.text()).contains("Title of q1", "Prompt of q1", "Conceptual", "intermediate",
        "<t:" + h.clock.instant().plus(Duration.ofMinutes(2)).getEpochSecond() + ":R>", "Attempts left: 2");
    assertThat(question.buttons()).extracting(Message.ButtonView::customId)
        .allMatch(id -> id.startsWith(Harness.ALICE + "|") && id.length() <= 100);
    assertThat(question.buttons()).extracting(Message.ButtonView::label).contains("Hint", "Quit");
  }

  @Test
  void perfectRun_grantsTheRoleAndAnnouncesTheBadge() {
    harness(FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role2 = h.guild.addRole("Small Master", 1);
    h.store.saveSettings(h.tenant(), new TenantSettings(Map.of("small", Long.toString(role2)), null, Set.of(), 1.0));
    h.start();
    Message summary = perfectRun(Harness.ALICE);
    assertThat(summary.text()).contains("You earned the Small Master badge", "✓ 1. Title of q1", "✓ 3. Count the steps");
    h.fake.await("the role granted", () -> h.guild.rolesOf(Harness.ALICE), roles -> roles.contains(role2));
    Message announcement = h.fake.await("the announcement", () -> h.fake.messagesIn(h.guild.channelId()).stream()
        .filter(m -> !m.ephemeral()).findFirst().orElse(null), m -> true);
    assertThat(announcement.text()).contains("<@" + Harness.ALICE + ">", "Small Master");
  }
}
