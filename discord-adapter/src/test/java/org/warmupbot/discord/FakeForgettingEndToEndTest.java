package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/**
 * The fake Discord forgetting what it answered ({@link FakeDiscord#forgetAnswered}), as the load harness has it
 * do between phases, with the real bot on JDA connected to it.
 */
final class FakeForgettingEndToEndTest {
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void forgetAnswered_dropsTheKeptMessagesAndInteractions_andANewWarmupStillWorksEndToEnd() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Message intro = h.warmup(Harness.ALICE);
    Message question = h.press(Harness.ALICE, intro, "Start");
    assertThat(h.fake.messagesIn(h.guild.channelId())).isNotEmpty();

    FakeDiscord.Forgotten forgotten = h.fake.forgetAnswered();

    assertThat(forgotten.interactions()).as("/warmup and Start").isEqualTo(2);
    assertThat(forgotten.messages()).isPositive();
    assertThat(h.fake.messagesIn(h.guild.channelId())).isEmpty();
    assertThat(h.fake.requests()).isEmpty();
    assertThatThrownBy(() -> h.fake.message(question.id())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.fake.pressLabel(Harness.ALICE, question, "The right one"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no message");
    assertThat(h.fake.registeredCommands()).containsKey("global");

    Message bobsIntro = h.warmup(Harness.BOB);
    Message bobsQuestion = h.press(Harness.BOB, bobsIntro, "Start");
    assertThat(bobsQuestion.text()).contains("Title of q1");
    assertThat(h.press(Harness.BOB, bobsQuestion, "The right one").text()).contains("Correct");
    assertThat(h.fake.messagesIn(h.guild.channelId())).extracting(Message::id)
        .isSubsetOf(bobsIntro.id(), bobsQuestion.id());
  }

  @Test
  void lateEditThroughAForgottenInteractionsHook_isAcceptedAsDiscordWould_butNotKept() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Message intro = h.warmup(Harness.ALICE);
    Interaction start = h.fake.pressLabel(Harness.ALICE, intro, "Start");
    h.fake.awaitShown(start);
    h.fake.forgetAnswered();

    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.discord")) {
      h.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
      h.engine.expireDueSessions(); // the bot edits the question to "Time's up" through Start's hook

      List<FakeDiscord.Recorded> edits = h.fake.await("the Time's up edit through the forgotten hook",
          () -> h.fake.requests("PATCH", start.token()), list -> !list.isEmpty());
      assertThat(edits.get(0).status()).isEqualTo(200);
      assertThat(edits.get(0).bodyText()).contains("Time's up");
      assertThat(edits.get(0).answer()).contains("Time's up", "\"channel_id\":" + h.guild.channelId());
      assertThat(h.fake.messagesIn(h.guild.channelId())).as("accepted, not kept").isEmpty();
      assertThat(logs.moduleWarnings()).isEmpty();
    }
  }

  @Test
  void callbackForAForgottenInteraction_isRefusedAsUnknown() {
    h = new Harness(1, FakeGuild.BASIC).start();
    h.expectRefusals(Harness.refusedWith(10062));
    Interaction slash = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");
    h.fake.awaitShown(slash);
    h.fake.forgetAnswered();

    h.fake.redeliver(slash); // the bot answers it again, as if it were new

    FakeDiscord.Recorded refused = h.fake.await("the second callback",
        () -> h.fake.requests("POST", slash.token() + "/callback"), list -> !list.isEmpty()).get(0);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.answer()).contains("10062");
  }
}
