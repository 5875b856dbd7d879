package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * When the bot's Web API calls fall behind, it sheds what no member would see: a modal update still waiting
 * when the member presses again gives way to the newer one, and a {@code views.open} whose trigger id expired
 * while it waited is not sent. A modal update Slack rate-limits is sent again after Slack's Retry-After, unless
 * a newer one has shown a newer screen by then. Real Bolt over signed HTTP; the fake Slack holds a call to make
 * the lane wait, or rate-limits one.
 */
final class SlackSheddingTest {
  private static final String MEMBER = "U0MEMBER";

  private final MutableClock slackClock = new MutableClock(Instant.now());
  private final SlackHarness h = new SlackHarness(slackClock, TestPacks.small());

  @AfterEach
  void close() {
    h.close();
  }

  /** Opens the modal and presses Start; returns the view id, showing question 1. */
  private String atFirstQuestion(String userId) {
    h.interact(h.payloads.globalShortcut(userId, ChallengeFlow.SHORTCUT_CALLBACK));
    String viewId = h.api.calls("views.open").stream().filter(FakeSlackApi.Call::ok)
        .filter(c -> c.response().path("view").path("private_metadata").asText().contains(userId))
        .reduce((a, b) -> b).orElseThrow().response().path("view").path("id").asText();
    h.press(userId, h.modal(viewId), "Start");
    assertThat(SlackHarness.title(h.modal(viewId))).isEqualTo("Question 1 of 3");
    return viewId;
  }

  /** Presses {@code command} on {@code view} as Slack showed it (the member's click before the modal changed). */
  private void pressOn(String userId, JsonNode view, Command command) {
    String id = command.actionId();
    h.acknowledge(h.payloads.press(userId, view, id));
  }

  private List<FakeSlackApi.Call> updatesOf(String viewId, int from) {
    List<FakeSlackApi.Call> all = h.api.calls("views.update");
    return all.subList(from, all.size()).stream()
        .filter(c -> viewId.equals(c.params().get("view_id"))).toList();
  }

  /** A member of Slack whose calls share {@code member}'s lane in the bot. */
  private String memberOnTheSameLaneAs(String member) {
    try (OrderedExecutor probe = new OrderedExecutor("probe", SlackSettings.DEFAULT_WEB_API_CALLS, Duration.ZERO)) {
      int lane = probe.stripe(h.player(member));
      for (int i = 0; ; i++) {
        String candidate = "U0OTHER" + i;
        if (probe.stripe(h.player(candidate)) == lane) {
          return candidate;
        }
      }
    }
  }

  @Test
  void pressesWhileAnUpdateIsHeld_areAcknowledged_andOnlyTheNewestScreenIsSentAfterIt() {
    String viewId = atFirstQuestion(MEMBER);
    JsonNode question = h.modal(viewId);
    int before = h.api.calls("views.update").size();

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      pressOn(MEMBER, question, new Command.Choose("q1", "wrong-a"));
      slowSlack.awaitArrival(SlackHarness.await());
      // Two more clicks on the same screen before it changed, each acknowledged (acknowledge asserts the 200).
      pressOn(MEMBER, question, new Command.Hint("q1"));
      pressOn(MEMBER, question, new Command.Choose("q1", "right"));
      assertThat(h.api.calls("views.update")).as("the first update is still held").hasSize(before);
      slowSlack.release();
    }
    h.settle();

    List<FakeSlackApi.Call> updates = updatesOf(viewId, before);
    assertThat(updates).as(h.api.summary()).hasSize(2).allMatch(FakeSlackApi.Call::ok);
    assertThat(updates.get(0).visibleText()).contains("Not quite. 1 attempt left.");
    assertThat(updates.get(1).visibleText()).contains("Correct!").contains("Next question");
    assertThat(h.modal(viewId).toString()).contains("Correct").contains("Next question");
    assertThat(h.bot.shed().replacedUpdates()).isEqualTo(1);
  }

  @Test
  void anotherMembersUpdatesOnTheSameLane_areNotMergedWithTheFirstMembers() {
    String other = memberOnTheSameLaneAs(MEMBER);
    String mine = atFirstQuestion(MEMBER);
    String theirs = atFirstQuestion(other);
    JsonNode myQuestion = h.modal(mine);
    JsonNode theirQuestion = h.modal(theirs);
    int before = h.api.calls("views.update").size();

    try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
      pressOn(MEMBER, myQuestion, new Command.Hint("q1"));
      slowSlack.awaitArrival(SlackHarness.await());
      // Both members' updates now wait behind the held one, interleaved on one lane.
      pressOn(MEMBER, myQuestion, new Command.Choose("q1", "wrong-a"));
      pressOn(other, theirQuestion, new Command.Choose("q1", "wrong-a"));
      pressOn(MEMBER, myQuestion, new Command.Choose("q1", "right"));
      pressOn(other, theirQuestion, new Command.Choose("q1", "right"));
      slowSlack.release();
    }
    h.settle();

    List<FakeSlackApi.Call> myUpdates = updatesOf(mine, before);
    List<FakeSlackApi.Call> theirUpdates = updatesOf(theirs, before);
    assertThat(myUpdates).as(h.api.summary()).hasSize(2).allMatch(FakeSlackApi.Call::ok);
    assertThat(myUpdates.get(1).visibleText()).contains("Correct").doesNotContain("Prompt of q2");
    assertThat(theirUpdates).as(h.api.summary()).singleElement().satisfies(c -> {
      assertThat(c.ok()).isTrue();
      assertThat(c.visibleText()).contains("Correct!");
    });
    assertThat(h.modal(theirs).toString()).contains("Correct!");
    assertThat(h.modal(mine).toString()).contains("Correct");
  }

  @Test
  void shortcutWhoseOpenWaitedPastTheTriggersLife_isNotSent_andTheNextShortcutResumes() {
    String viewId = atFirstQuestion(MEMBER);
    JsonNode question = h.modal(viewId);
    int opensBefore = h.api.calls("views.open").size();
    List<ILoggingEvent> events;

    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack")) {
      try (FakeSlackApi.Hold slowSlack = h.api.holdNext("views.update")) {
        pressOn(MEMBER, question, new Command.Hint("q1"));
        slowSlack.awaitArrival(SlackHarness.await());
        h.acknowledge(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
        slackClock.advance(ChallengeFlow.TRIGGER_LIFETIME.plusMillis(1));
        slowSlack.release();
      }
      h.settle();
      events = logs.events();
    }

    assertThat(h.api.calls("views.open")).as(h.api.summary()).hasSize(opensBefore);
    assertThat(h.api.refusals()).as(h.api.summary()).isEmpty();
    assertThat(h.bot.shed().expiredOpens()).isEqualTo(1);
    assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("Did not open the challenge modal"))
        .singleElement().satisfies(m -> assertThat(m).contains(MEMBER).contains("trigger id"));

    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));

    assertThat(h.api.calls("views.open")).hasSize(opensBefore + 1);
    JsonNode reopened = h.lastModal();
    assertThat(reopened.path("id").asText()).isNotEqualTo(viewId);
    h.press(MEMBER, reopened, "Resume");
    assertThat(SlackHarness.title(h.modal(reopened.path("id").asText()))).isEqualTo("Question 1 of 3");
  }

  @Test
  void aRateLimitedUpdate_isSentAgainAfterSlacksRetryAfter_andTheModalShowsTheScreen() {
    String viewId = atFirstQuestion(MEMBER);
    JsonNode question = h.modal(viewId);
    int before = h.api.calls("views.update").size();
    h.api.rateLimitNext("views.update", 1);

    pressOn(MEMBER, question, new Command.Choose("q1", "wrong-a"));
    h.settle();
    assertThat(updatesOf(viewId, before)).as("before Slack's second is over").hasSize(1);
    h.passRetryAfter(Duration.ofSeconds(2)); // Slack's 1 s and up to a fifth more

    List<FakeSlackApi.Call> updates = updatesOf(viewId, before);
    assertThat(updates).as(h.api.summary()).hasSize(2);
    assertThat(updates.get(0).response().path("error").asText()).isEqualTo("ratelimited");
    assertThat(updates.get(1).visibleText()).contains("Not quite. 1 attempt left.");
    assertThat(h.modal(viewId).toString()).contains("Not quite");
  }

  @Test
  void aRateLimitedUpdate_isNotSentAgain_whenANewerPressHasUpdatedTheModalMeanwhile() {
    String viewId = atFirstQuestion(MEMBER);
    JsonNode question = h.modal(viewId);
    int before = h.api.calls("views.update").size();
    h.api.rateLimitNext("views.update", 2);

    pressOn(MEMBER, question, new Command.Choose("q1", "wrong-a"));
    h.settle();
    pressOn(MEMBER, question, new Command.Choose("q1", "right")); // before Slack's 2 s are over: held back
    h.settle();
    assertThat(updatesOf(viewId, before)).as("the held-back update is not sent").hasSize(1);
    assertThat(h.retries.waiting()).as("the refused update and the held one").isEqualTo(2);
    h.passRetryAfter(Duration.ofSeconds(3));

    assertThat(h.bot.shed().staleRetries()).isEqualTo(1);
    List<FakeSlackApi.Call> updates = updatesOf(viewId, before);
    assertThat(updates).as(h.api.summary()).hasSize(2);
    assertThat(updates.get(1).visibleText()).contains("Correct");
    assertThat(h.modal(viewId).toString()).contains("Correct").doesNotContain("Not quite");
  }

  @Test
  void aRateLimitedOpen_isSentAgainAfterSlacksRetryAfter_whileTheTriggerIdIsYoung() {
    h.api.rateLimitNext("views.open", 1);

    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    h.passRetryAfter(Duration.ofSeconds(2));

    List<FakeSlackApi.Call> opens = h.api.calls("views.open");
    assertThat(opens).as(h.api.summary()).hasSize(2);
    assertThat(opens.get(0).response().path("error").asText()).isEqualTo("ratelimited");
    assertThat(opens.get(1).params().get("trigger_id")).isEqualTo(opens.get(0).params().get("trigger_id"));
    assertThat(SlackHarness.title(h.lastModal())).isEqualTo("Warmup challenge");
  }

  @Test
  void aRateLimitedOpen_isDropped_whenItsTriggerIdIsPastSlacksThreeSecondsByTheRetry() {
    h.api.rateLimitNext("views.open", 1);

    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    slackClock.advance(ChallengeFlow.TRIGGER_LIFETIME.plusMillis(1)); // the member's trigger ages meanwhile
    h.passRetryAfter(Duration.ofSeconds(2));

    assertThat(h.bot.shed().expiredOpens()).isEqualTo(1);
    assertThat(h.api.calls("views.open")).as(h.api.summary()).hasSize(1);
  }

  @Test
  void aRateLimitedOpen_isDroppedAtOnce_whenSlacksRetryAfterOutlivesItsTriggerId() {
    h.api.rateLimitNext("views.open", 5);

    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));

    assertThat(h.bot.shed().expiredOpens()).isEqualTo(1);
    assertThat(h.retries.waiting()).as("no retry scheduled").isZero();
    h.passRetryAfter(Duration.ofSeconds(10));
    assertThat(h.api.calls("views.open")).as(h.api.summary()).hasSize(1);
  }

  @Test
  void aRateLimitedHomeTab_isPublishedAgainAfterSlacksRetryAfter() {
    h.api.rateLimitNext("views.publish", 1);

    h.slack.send(h.slack.event(h.payloads.appHomeOpened(MEMBER)));
    h.api.awaitCall("views.publish", c -> MEMBER.equals(c.params().get("user_id")), SlackHarness.await());
    h.passRetryAfter(Duration.ofSeconds(2));

    List<FakeSlackApi.Call> publishes = h.api.calls("views.publish").stream()
        .filter(c -> MEMBER.equals(c.params().get("user_id"))).toList();
    assertThat(publishes).as(h.api.summary()).hasSize(2);
    assertThat(publishes.get(0).response().path("error").asText()).isEqualTo("ratelimited");
    assertThat(h.api.home(MEMBER)).isPresent();
  }

  @Test
  void aRateLimitedUpdate_isNotSentAgain_overTheScreenASubmissionsAnswerShowed() {
    String viewId = h.toTypedQuestion(MEMBER);
    JsonNode typed = h.modal(viewId);
    String input = SlackHarness.typedInput(typed).orElseThrow();
    int before = h.api.calls("views.update").size();
    h.api.rateLimitNext("views.update", 2);

    h.interact(h.payloads.typedAndEntered(MEMBER, typed, input, "41")); // a wrong answer, dispatched: rate-limited
    HttpResponse<String> answer = h.interact(
        h.payloads.viewSubmission(MEMBER, typed, Map.of(SlackViews.ANSWER_BLOCK, Map.of(input, "42"))));
    h.passRetryAfter(Duration.ofSeconds(3));

    assertThat(h.bot.shed().staleRetries()).isEqualTo(1);

    assertThat(answer.body()).contains("\"response_action\":\"update\"");
    assertThat(updatesOf(viewId, before)).as(h.api.summary()).hasSize(1); // only the rate-limited one
  }

}
