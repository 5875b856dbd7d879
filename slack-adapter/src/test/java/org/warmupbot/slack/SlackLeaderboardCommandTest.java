package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.session.MemberPace;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * {@code /warmup leaderboard [pack]} through the real Bolt app over signed HTTP: the boards come back privately
 * through the command's response_url, which works in every conversation the command can be typed in, and their
 * page buttons replace that private message through each press's own response_url.
 */
final class SlackLeaderboardCommandTest {
  private static final String MEMBER = "U0MEMBER";
  private static final String CHANNEL = "C0STUDY";
  private static final String OTHER = "U0OTHER";
  private static final String WEEK_PAGE_2 = new BoardAction(Period.WEEK, "small", 2).actionId();
  private static final String WEEK_PAGE_3 = new BoardAction(Period.WEEK, "small", 3).actionId();
  private static final String WEEK_PAGE_4 = new BoardAction(Period.WEEK, "small", 4).actionId();

  private final SlackHarness h = new SlackHarness(TestPacks.small());

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void leaderboard_answersPrivatelyThroughTheResponseUrl_withBothBoards() {
    h.shortcutAndPerfectRun(MEMBER);

    FakeSlackApi.Call board = h.answerCallLater(MEMBER, CHANNEL, "leaderboard");

    assertThat(board.visibleText()).contains("this week").contains("all time").contains("<@" + MEMBER + ">");
    assertThat(board.ok()).as(board.error()).isTrue();
    assertThat(h.api.calls("chat.postEphemeral")).isEmpty();
  }

  /** Review 6, finding 1: chat.postEphemeral is refused where the bot is not a member; the member saw nothing. */
  @Test
  void leaderboard_inAConversationTheBotIsNotIn_stillReachesTheMember() {
    h.shortcutAndPerfectRun(MEMBER);
    h.api.failWith("chat.postEphemeral", "channel_not_found");
    h.api.failWith("chat.postMessage", "channel_not_found");

    FakeSlackApi.Call board = h.answerCallLater(MEMBER, "D0TWOPEOPLE", "leaderboard");

    assertThat(board.visibleText()).contains("<@" + MEMBER + ">");
  }

  /** Review 6, finding 2: "Small" reached BoardAction as it was typed and threw on the async pool. */
  @Test
  void leaderboard_ofAPackTypedInCapitals_showsThatPacksBoard() {
    h.shortcutAndPerfectRun(MEMBER);

    FakeSlackApi.Call board = h.answerCallLater(MEMBER, CHANNEL, "leaderboard Small");

    assertThat(board.visibleText()).doesNotContain("No finished runs").contains("<@" + MEMBER + ">");
  }

  @Test
  void leaderboard_ofAnUnknownPack_saysSoAndNamesThePacksThereAre() {
    assertThat(h.answerLater(MEMBER, CHANNEL, "leaderboard typo"))
        .isEqualTo("There is no challenge called \"typo\". Available: small.");
  }

  /**
   * Review 10 (abuse): `/warmup leaderboard` queues on a small pool beside announcements; a member asking faster
   * than a person would is asked to wait, others are not, and the next window serves them again.
   */
  @Test
  void leaderboardAskedFasterThanAPersonWould_isRefusedForAWhile_onlyForThatMember() {
    MutableClock slackClock = new MutableClock(Instant.now());
    try (SlackHarness paced = new SlackHarness(slackClock, TestPacks.small())) {
      for (int i = 0; i < MemberPace.REQUESTS; i++) {
        assertThat(paced.answerLater(MEMBER, CHANNEL, "leaderboard")).as("board %d", i + 1).contains("Warmup");
      }

      HttpResponse<String> refused =
          paced.slack.send(paced.slack.command(paced.payloads.slashCommand(MEMBER, CHANNEL, "leaderboard")));
      String others = paced.answerLater("U0OTHER", CHANNEL, "leaderboard");
      slackClock.advance(MemberPace.WINDOW);
      String later = paced.answerLater(MEMBER, CHANNEL, "leaderboard");

      assertThat(refused.statusCode()).isEqualTo(200);
      assertThat(refused.body()).contains(MemberPace.SLOW_DOWN);
      assertThat(others).contains("Warmup");
      assertThat(later).contains("Warmup");
    }
  }

  @Test
  void leaderboard_thatFails_isLogged_andTheMemberGetsAnApology() {
    h.faulty.failReads("the results database is down");
    String answer;
    List<ILoggingEvent> warnings;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack")) {
      answer = h.answerLater(MEMBER, CHANNEL, "leaderboard");
      warnings = logs.moduleWarnings();
    }

    assertThat(answer).contains("could not show the leaderboard").contains("Try again");
    assertThat(warnings).anySatisfy(w -> {
      assertThat(w.getLevel()).isEqualTo(Level.WARN);
      assertThat(w.getFormattedMessage()).contains("leaderboard").contains(MEMBER);
      assertThat(w.getThrowableProxy().getClassName()).isEqualTo(StoreUnavailableException.class.getName());
    });
  }

  /** 25 members on the small pack's boards, ranked 1 to 25 by score; {@link #MEMBER} is 12th (on page 2). */
  private void seedBoards() {
    for (int i = 1; i <= 25; i++) {
      String user = i == 12 ? MEMBER : "U0RANK" + i;
      h.store.save(new FinishedRun("run-" + i, h.player(user), "small", "v1", List.of(), 1000 - i * 10,
          Duration.ofSeconds(60 + i), h.engineClock.instant(), false));
    }
  }

  @Test
  void leaderboard_showsPageButtons_andNextReplacesTheAnswerWithPageTwo_withPreviousAndTheAskersRowMarked() {
    seedBoards();
    FakeSlackApi.Call answer = h.answerCallLater(MEMBER, CHANNEL, "leaderboard");
    JsonNode first = h.message(answer);
    assertThat(SlackHarness.buttonIds(first)).contains(WEEK_PAGE_2).doesNotContain(
        new BoardAction(Period.WEEK, "small", 1).actionId()); // page 1 has no Previous
    assertThat(first.toString())
        .contains("Page 1 of 3 · 25 members", "*12.* <@" + MEMBER + "> — 880 pts · 1:12  ← *you*");

    FakeSlackApi.Call turned = h.pressOnMessage(MEMBER, CHANNEL, first, WEEK_PAGE_2);

    assertThat(turned.ok()).as(turned.error() + h.api.summary()).isTrue();
    assertThat(turned.params()).containsEntry("replace_original", "true");
    assertThat(turned.response().path("message_id").asText()).isEqualTo(first.path("id").asText());
    JsonNode second = h.message(answer); // the same private message, replaced
    String week = weekBoard(second);
    assertThat(week).contains("*11.*", "*20.*", "*12.* <@" + MEMBER + "> — 880 pts · 1:12  ← *you*",
        "Page 2 of 3 · 25 members").doesNotContain("*10.*", "*21.*", "Your place");
    assertThat(SlackHarness.buttonLabels(second)).contains("Previous", "Next");
    assertThat(SlackHarness.buttonIds(second))
        .contains(new BoardAction(Period.WEEK, "small", 1).actionId(), WEEK_PAGE_3);
    assertThat(allTimeBoard(second)).contains("*1.*", "*10.*", "Page 1 of 3").doesNotContain("*20.*"); // as it was

    FakeSlackApi.Call last = h.pressOnMessage(MEMBER, CHANNEL, second, WEEK_PAGE_3);

    JsonNode third = h.message(last);
    assertThat(third.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(weekBoard(third)).contains("*21.*", "*25.*", "Page 3 of 3", "Your place", "← *you*");
    assertThat(SlackHarness.buttonIds(third)).doesNotContain(WEEK_PAGE_4).contains(WEEK_PAGE_2);
    assertThat(h.api.refusals()).isEmpty();
  }

  @Test
  void pageButton_pressedBySomeoneElse_givesThemThatPagePrivately_andLeavesTheAskersAnswer() {
    seedBoards();
    JsonNode asked = h.message(h.answerCallLater(MEMBER, CHANNEL, "leaderboard"));

    FakeSlackApi.Call theirs = h.pressOnMessage(OTHER, CHANNEL, asked, WEEK_PAGE_2);

    assertThat(theirs.ok()).as(theirs.error()).isTrue();
    assertThat(theirs.params().get("replace_original")).isNotEqualTo("true");
    assertThat(theirs.params().getOrDefault("response_type", "ephemeral")).isEqualTo("ephemeral");
    JsonNode page = h.message(theirs);
    assertThat(page.path("id").asText()).isNotEqualTo(asked.path("id").asText());
    assertThat(weekBoard(page)).contains("*11.*", "Page 2 of 3", "You have no run on this board this week.")
        .doesNotContain("← *you*");
    assertThat(h.api.message(asked.path("id").asText()).orElseThrow()).isEqualTo(asked);

    FakeSlackApi.Call next = h.pressOnMessage(OTHER, CHANNEL, page, WEEK_PAGE_3); // their own copy: in place
    assertThat(next.params()).containsEntry("replace_original", "true");
    assertThat(weekBoard(h.message(next))).contains("Page 3 of 3");
  }

  @Test
  void pageButton_whenTheStoreFails_saysSoPrivately_andKeepsTheBoardShown() {
    seedBoards();
    JsonNode asked = h.message(h.answerCallLater(MEMBER, CHANNEL, "leaderboard"));
    h.faulty.failReads("the results database is down");

    FakeSlackApi.Call failed;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack")) {
      failed = h.pressOnMessage(MEMBER, CHANNEL, asked, WEEK_PAGE_2);
      assertThat(logs.moduleWarnings()).anySatisfy(w -> assertThat(w.getFormattedMessage()).contains(MEMBER));
    }

    assertThat(failed.ok()).isTrue();
    assertThat(failed.params().get("replace_original")).isNotEqualTo("true");
    assertThat(failed.params().get("text")).contains("could not show").contains("Try again");
    assertThat(h.api.message(asked.path("id").asText()).orElseThrow()).isEqualTo(asked);
  }

  /** The week board: the message's text up to the divider between the two boards. */
  private static String weekBoard(JsonNode message) {
    String[] boards = boards(message);
    return boards[0];
  }

  private static String allTimeBoard(JsonNode message) {
    return boards(message)[1];
  }

  private static String[] boards(JsonNode message) {
    StringBuilder week = new StringBuilder();
    StringBuilder all = new StringBuilder();
    StringBuilder into = week;
    for (JsonNode block : message.path("blocks")) {
      if ("divider".equals(block.path("type").asText())) {
        into = all;
      }
      into.append(block).append('\n');
    }
    assertThat(all).as("two boards in %s", message).isNotEmpty();
    return new String[] {week.toString(), all.toString()};
  }
}
