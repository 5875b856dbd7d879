package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * The bot acknowledges before it calls the Web API: a slow Slack delays what the member sees a moment, never the
 * acknowledgement Slack waits 3 seconds for; and one member's modal updates still reach Slack in press order.
 */
final class SlackAcknowledgementTest {
  private static final String MEMBER = "U0MEMBER";

  private final SlackHarness h = new SlackHarness(TestPacks.small());

  @AfterEach
  void close() {
    h.close();
  }

  /** Opens the modal and presses Start; returns the view id, showing question 1. */
  private String atFirstQuestion() {
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    String viewId = h.lastModal().path("id").asText();
    h.press(MEMBER, h.modal(viewId), "Start");
    assertThat(SlackHarness.title(h.modal(viewId))).isEqualTo("Question 1 of 3");
    return viewId;
  }

  @Test
  void press_isAcknowledgedWhileSlackHoldsTheModalUpdate_andTheModalChangesOnceSlackAnswers() {
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    JsonNode intro = h.lastModal();
    String viewId = intro.path("id").asText();
    String start = SlackHarness.button(intro, "Start").orElseThrow();

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      HttpResponse<String> ack = h.acknowledge(h.payloads.press(MEMBER, intro, start));

      assertThat(ack.statusCode()).isEqualTo(200);
      slowSlack.awaitArrival(SlackHarness.await());
      assertThat(h.api.calls("views.update")).as("the update is still held").isEmpty();
      assertThat(SlackHarness.title(h.api.view(viewId).orElseThrow())).isEqualTo("Warmup challenge");

      slowSlack.release();
      FakeSlackApi.Call update = h.awaitCalls("views.update", 1).get(0);
      assertThat(update.ok()).as(update.response().toString()).isTrue();
    }
    assertThat(SlackHarness.title(h.modal(viewId))).isEqualTo("Question 1 of 3");
  }

  /**
   * The answer that finishes a run waits for the run's write: it was applied and written before the
   * acknowledgement, so a database slower than Slack's 3 s made the member's last answer fail; now the write
   * happens after the acknowledgement, and the summary follows it.
   */
  @Test
  void finishingAnswer_isAcknowledgedWhileTheRunIsBeingWritten_andTheSummaryFollowsTheWrite() throws Exception {
    String viewId = h.toTypedQuestion(MEMBER);
    JsonNode question = h.modal(viewId);
    String input = SlackHarness.typedInput(question).orElseThrow();
    h.faulty.saves.hold();

    HttpResponse<String> ack = h.acknowledge(h.payloads.typedAndEntered(MEMBER, question, input, "42"));

    assertThat(ack.statusCode()).isEqualTo(200);
    h.faulty.saves.awaitHeldSave();
    assertThat(h.faulty.saves.waitingNow()).as("acknowledged while the write still waits").isEqualTo(1);
    assertThat(SlackHarness.title(h.api.view(viewId).orElseThrow())).isEqualTo("Question 3 of 3");
    h.faulty.saves.release();
    JsonNode summary = h.modal(viewId);
    assertThat(SlackHarness.title(summary)).isEqualTo("Your results");
    assertThat(summary.toString()).contains("You earned the Small Master badge").doesNotContain("kept and will be");
    assertThat(h.store.runs(h.player(MEMBER))).hasSize(1);
  }

  @Test
  void shortcut_isAcknowledgedWhileSlackHoldsTheModalOpening_andTheModalOpensOnceSlackAnswers() {
    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.open")) {
      h.acknowledge(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));

      slowSlack.awaitArrival(SlackHarness.await());
      assertThat(h.api.calls("views.open")).as("the opening is still held").isEmpty();
      slowSlack.release();
      FakeSlackApi.Call opened = h.awaitCalls("views.open", 1).get(0);
      assertThat(opened.ok()).as(opened.response().toString()).isTrue();
    }
    assertThat(SlackHarness.title(h.lastModal())).isEqualTo("Warmup challenge");
  }

  @Test
  void twoQuickPressesBySameMember_reachSlackInPressOrder_evenWhenTheFirstUpdateIsSlow() {
    String viewId = atFirstQuestion();
    JsonNode question = h.modal(viewId);
    String wrong = SlackHarness.button(question, "A wrong one").orElseThrow();
    String right = SlackHarness.button(question, "The right one").orElseThrow();
    int before = h.api.calls("views.update").size();

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      // Both presses on the question as Slack shows it: the member clicked twice before the modal changed.
      h.acknowledge(h.payloads.press(MEMBER, question, wrong));
      slowSlack.awaitArrival(SlackHarness.await());
      h.acknowledge(h.payloads.press(MEMBER, question, right));
      slowSlack.release();
    }
    h.settle();

    List<FakeSlackApi.Call> updates = h.api.calls("views.update").subList(before, h.api.calls("views.update").size());
    List<FakeSlackApi.Call> shown = updates.stream().filter(FakeSlackApi.Call::ok).toList();
    assertThat(shown).as(h.api.summary()).hasSize(2);
    assertThat(shown.get(0).visibleText()).contains("Not quite. 1 attempt left.");
    assertThat(shown.get(1).visibleText()).contains("Correct");
    // The second press was made on the question's hash; the first update changed it, so Slack said hash_conflict
    // and the bot wrote the engine's view again without it.
    assertThat(updates).extracting(FakeSlackApi.Call::error).containsExactly("", "hash_conflict", "");
    assertThat(h.modal(viewId).toString()).contains("Correct").contains("Next question");
  }

  @Test
  void deadlinePassingWhileAPressUpdateIsHeld_isShownAfterIt_notOvertakenByIt() {
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    JsonNode intro = h.lastModal();
    String viewId = intro.path("id").asText();
    String start = SlackHarness.button(intro, "Start").orElseThrow();

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      h.acknowledge(h.payloads.press(MEMBER, intro, start));
      slowSlack.awaitArrival(SlackHarness.await());
      h.engineClock.advance(Duration.ofMinutes(2).plusSeconds(1));
      h.engine.expireDueSessions(); // calls the bot's timeout listener on this thread
      // One more signed round trip before Slack answers: time enough for an update that did not wait its turn
      // to reach Slack first (none may; the lane keeps it behind the held one).
      h.slack.send(h.slack.command(h.payloads.slashCommand("U0OTHER", "C0STUDY", "help")));
      slowSlack.release();
    }
    h.settle();

    assertThat(h.api.calls("views.update")).extracting(c -> SlackHarness.title(c.json("view")))
        .containsExactly("Question 1 of 3", "Time's up");
    assertThat(SlackHarness.title(h.modal(viewId))).isEqualTo("Time's up");
    assertThat(h.api.refusals()).as(h.api.summary()).isEmpty();
  }

  @Test
  void closingTheBot_makesTheQueuedModalUpdatesInOrder_thenStopsItsThreads() throws Exception {
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    JsonNode intro = h.lastModal();
    String viewId = intro.path("id").asText();
    String start = SlackHarness.button(intro, "Start").orElseThrow();
    Thread closer = new Thread(h.bot::close, "test-closer");

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      h.acknowledge(h.payloads.press(MEMBER, intro, start));
      slowSlack.awaitArrival(SlackHarness.await());
      h.engineClock.advance(Duration.ofMinutes(2).plusSeconds(1));
      h.engine.expireDueSessions(); // a second update, queued behind the held one
      closer.start();
      slowSlack.release();
    }
    closer.join(SlackHarness.await().toMillis());

    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(h.api.calls("views.update")).extracting(c -> SlackHarness.title(c.json("view")))
        .containsExactly("Question 1 of 3", "Time's up");
    assertThat(SlackHarness.title(h.api.view(viewId).orElseThrow())).isEqualTo("Time's up");
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("slack-views-")) {
        thread.join(SlackHarness.await().toMillis()); // close waited for the pool; the thread is on its way out
        assertThat(thread.isAlive()).as("%s ended", thread.getName()).isFalse();
      }
    }
  }

  @Test
  void expiredTriggerId_isLoggedNotThrown_andTheShortcutWasStillAcknowledged() {
    MutableClock slackClock = MutableClock.atMondayMorning();
    List<ILoggingEvent> warnings;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack");
        SlackHarness late = new SlackHarness(
            FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, slackClock), TestPacks.small())) {
      String shortcut = late.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK);
      slackClock.advance(Duration.ofSeconds(4));

      HttpResponse<String> ack = late.acknowledge(shortcut);
      late.settle();

      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(late.api.calls("views.open")).singleElement()
          .satisfies(c -> assertThat(c.error()).isEqualTo("expired_trigger_id"));
      warnings = logs.moduleWarnings();
      assertThat(late.bot.connected()).isTrue();
    }

    assertThat(warnings).filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("Slack refused to open the challenge modal") && m.contains(MEMBER)
            && m.contains("expired_trigger_id"));
    assertThat(warnings).as("nothing was thrown").allMatch(e -> e.getThrowableProxy() == null);
  }
}
