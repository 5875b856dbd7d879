package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * {@code /warmup leaderboard [pack]} through the real Bolt app over signed HTTP: the boards come back privately
 * through the command's response_url, which works in every conversation the command can be typed in.
 */
final class SlackLeaderboardCommandTest {
  private static final String MEMBER = "U0MEMBER";
  private static final String CHANNEL = "C0STUDY";

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

  @Test
  void leaderboard_thatFails_isLogged_andTheMemberGetsAnApology() {
    h.boardStore.failReads("the results database is down");
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
}
