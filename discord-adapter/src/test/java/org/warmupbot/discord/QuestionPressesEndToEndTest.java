package org.warmupbot.discord;

import org.warmupbot.core.testing.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** Presses that are not a plain answer: the hint, a press delivered twice, an old button, an expired hook. */
final class QuestionPressesEndToEndTest {
  private static final Pattern POINTS = Pattern.compile("\\+(\\d+) points");

  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static int points(Message feedback) {
    Matcher m = POINTS.matcher(feedback.text());
    assertThat(m.find()).as("points in %s", feedback).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void hint_isShownInPlaceOfItsButtonAndCostsPoints() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Message alices = h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start");
    Message bobs = h.press(Harness.BOB, h.warmup(Harness.BOB), "Start");

    Message hinted = h.press(Harness.ALICE, alices, "Hint");
    assertThat(hinted.id()).isEqualTo(alices.id());
    assertThat(hinted.text()).contains("💡 Hint: Hint of q1", "Prompt of q1");
    assertThat(hinted.hasButton("Hint")).isFalse();
    assertThat(hinted.hasButton("The right one")).isTrue();

    // Same question, same moment on the frozen clock: only the hint tells the two apart.
    int withHint = points(h.press(Harness.ALICE, hinted, "The right one"));
    int without = points(h.press(Harness.BOB, bobs, "The right one"));
    assertThat(withHint).isPositive().isLessThan(without);
  }

  @Test
  void pressDeliveredTwice_isAppliedOnce() {
    h = new Harness(1, FakeGuild.BASIC).start();
    h.expectRefusals(Harness.refusedWith(40060)); // the second delivery's acknowledgement: already acknowledged
    Message question = h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start");
    Interaction wrong = h.fake.pressLabel(Harness.ALICE, question, "A wrong one");
    Message afterFirst = h.fake.awaitShown(wrong);
    assertThat(afterFirst.text()).contains("1 attempt left");

    h.fake.redeliver(wrong);
    h.fake.await("the bot's answer to the second delivery", () -> h.fake.requests("POST", wrong.token()),
        r -> r.size() == 2);
    assertThat(h.fake.message(question.id()).version()).isEqualTo(afterFirst.version());

    // Had the second delivery counted, this would be the last attempt gone; it is the first retry instead.
    Message next = h.press(Harness.ALICE, afterFirst, "The right one");
    assertThat(next.text()).contains("Correct");
  }

  @Test
  void buttonOfAnEarlierQuestion_showsTheCurrentQuestionAndChangesNothing() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Message first = h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start");
    Message second = h.press(Harness.ALICE, h.press(Harness.ALICE, first, "The right one"), "Next question");
    assertThat(second.text()).contains("Title of q2");

    Message stale = h.press(Harness.ALICE, first, "A wrong one"); // q1's button, still on an old copy
    assertThat(stale.text()).contains("Title of q2", "Attempts left: 2").doesNotContain("Not quite");
    assertThat(h.press(Harness.ALICE, stale, "The right one").text()).contains("Correct");
  }

  @Test
  void expiredHookAtTheDeadline_isSkippedAndTheNextPressShowsTimesUp() throws InterruptedException {
    h = new Harness(1, FakeGuild.BASIC).start();
    Message intro = h.warmup(Harness.ALICE);
    h.fake.ageNextInteractionId(Duration.ofMinutes(16)); // JDA will hold this press's hook expired
    Interaction start = h.fake.pressLabel(Harness.ALICE, intro, "Start");
    Message question = h.fake.awaitShown(start);
    assertThat(question.text()).contains("Title of q1");
    CountDownLatch timedOut = new CountDownLatch(1);
    h.engine.addTimeoutListener((player, step) -> timedOut.countDown()); // runs after the bot's listener

    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.discord")) {
      h.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
      h.engine.expireDueSessions();
      assertThat(timedOut.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.fake.requests("PATCH", start.token())).isEmpty();
      assertThat(h.fake.message(question.id()).version()).isEqualTo(question.version());

      Message after = h.press(Harness.ALICE, question, "The right one");
      assertThat(after.text()).contains("Time's up", "The answer: The right one").doesNotContain("Correct");
      assertThat(after.buttons()).extracting(Message.ButtonView::label).containsExactly("Next question");
      // Skipped, not tried: JDA refuses an expired hook's edit locally (InteractionExpiredException, reported
      // on its callback pool) and the bot would warn about it.
      assertThat(logs.moduleWarnings()).isEmpty();
    }
  }
}
