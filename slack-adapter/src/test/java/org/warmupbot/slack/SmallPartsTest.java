package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.view.Fact;

/** Settings, metadata, text helpers and the admin's reload answer. */
final class SmallPartsTest {

  @Test
  void timeAllowed_ofAPackWhoseQuestionsHaveDifferentLimits_showsTheRange() {
    assertThat(SlackViews.factText(new Fact.TimeAllowed(Duration.ofSeconds(30), Duration.ofSeconds(90))))
        .isEqualTo("*Time per question*\n0:30 to 1:30");
    assertThat(SlackViews.factText(new Fact.TimeAllowed(Duration.ofMinutes(2), Duration.ofMinutes(2))))
        .isEqualTo("*Time per question*\n2:00");
  }

  @Test
  void boardPages_roundTripThroughAButtonValue_andTurnOnlyThePressedBoard() {
    BoardMessages.Pages pages = new BoardMessages.Pages("U0MEMBER", 3, 99_999);

    assertThat(BoardMessages.Pages.decode(pages.encode())).contains(pages);
    assertThat(pages.turnedTo(new BoardAction(Period.WEEK, "small", 4)))
        .isEqualTo(new BoardMessages.Pages("U0MEMBER", 4, 99_999));
    assertThat(pages.turnedTo(new BoardAction(Period.ALL_TIME, "small", 1)))
        .isEqualTo(new BoardMessages.Pages("U0MEMBER", 3, 1));
    assertThat(BoardMessages.Pages.decode(null)).isEmpty();
    assertThat(BoardMessages.Pages.decode("board:week:small:2")).isEmpty();
    assertThat(BoardMessages.Pages.decode("U0MEMBER|0|1")).as("0: the viewer's own page, found when shown")
        .contains(new BoardMessages.Pages("U0MEMBER", BoardAction.VIEWERS_PAGE, 1));
    assertThat(BoardMessages.Pages.decode("U0MEMBER|00|1")).isEmpty();
    assertThat(BoardMessages.Pages.decode("U0MEMBER|1|100000")).isEmpty();
    assertThat(BoardMessages.Pages.decode("U0 MEMBER|1|1")).isEmpty();
    assertThatThrownBy(() -> new BoardMessages.Pages("", 1, 1)).hasMessageContaining("askerId");
  }

  @Test
  void settingsToString_neverShowsSecrets() {
    SlackSettings settings = new SlackSettings(SlackSettings.Mode.SOCKET, "xoxb-123-secretpart", "xapp-1-secretpart",
        "shh-secretpart", "0.0.0.0", 3000, "/slack/events", SlackSettings.DEFAULT_API_URL, null,
        SlackSettings.DEFAULT_WEB_API_CALLS);

    assertThat(settings.toString()).doesNotContain("secretpart").contains("xoxb-***").contains("SOCKET");
  }

  @Test
  void settings_nameWhatIsMissingForTheirMode() {
    assertThatThrownBy(() -> SlackSettings.socketMode("xoxb-1", ""))
        .hasMessageContaining("appToken").hasMessageContaining("SLACK_APP_TOKEN");
    assertThatThrownBy(() -> SlackSettings.http("xoxb-1", " ", 8080))
        .hasMessageContaining("signingSecret").hasMessageContaining("SLACK_SIGNING_SECRET");
    assertThatThrownBy(() -> SlackSettings.http("", "s", 8080)).hasMessageContaining("botToken");
    assertThatThrownBy(() -> SlackSettings.http("xoxb-1", "s", 8080).withApiUrl("https://slack-gov.com/api"))
        .hasMessageContaining("apiUrl must end with '/'");
  }

  @Test
  void reloadAnswer_keepsWholeEscapedLines_andCountsTheRest() {
    String answer = AdminCommand.reloadAnswer(
        new PackReloader.Result(false, "Refused <here>\n" + "a problem line\n".repeat(100)), 120);

    assertThat(answer).hasSizeLessThanOrEqualTo(120).startsWith("Refused &lt;here&gt;\na problem line\n")
        .containsPattern("\n… and \\d+ more problems \\(the bot's log has them all\\)\\.$");
    assertThat(AdminCommand.reloadAnswer(new PackReloader.Result(true, "x".repeat(500) + "\nmore"), 100))
        .hasSizeLessThanOrEqualTo(100).startsWith("xxx").contains("…\n… and 1 more lines");
  }

  @Test
  void metadata_roundTrips_andIgnoresForeignText() {
    ModalMetadata metadata = new ModalMetadata("U1", "C1", "pack", false);

    assertThat(ModalMetadata.decode(metadata.encode())).contains(metadata);
    assertThat(ModalMetadata.decode(new ModalMetadata("U1", null, "pack", false).encode()).orElseThrow().channelId())
        .isNull();
    ModalMetadata fromHome = new ModalMetadata("U1", null, "pack", true);
    assertThat(ModalMetadata.decode(fromHome.encode())).contains(fromHome);
    assertThat(ModalMetadata.decode("{\"u\":\"U1\",\"p\":\"pack\"}").orElseThrow().fromHome()).isFalse();
    assertThat(ModalMetadata.decode("not json")).isEmpty();
    assertThat(ModalMetadata.decode("{\"x\":1}")).isEmpty();
  }

  @Test
  void split_keepsEveryCharacter_andNeverBreaksAnEscape() {
    String text = SlackText.escape("<&>".repeat(2000));

    List<String> pieces = SlackText.split(text, 2900);

    assertThat(pieces).allMatch(p -> p.length() <= 2900);
    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces).allMatch(p -> p.startsWith("&") && p.endsWith(";"));
  }

  @Test
  void clip_endsWithAnEllipsis_withinTheLimit() {
    assertThat(SlackText.clip("abcdef", 4)).isEqualTo("abc…");
    assertThat(SlackText.clip("abc", 4)).isEqualTo("abc");
  }

  @Test
  void webApiCalls_outsideOneTo256_isRefusedNamingTheSetting() {
    SlackSettings settings = SlackSettings.socketMode("xoxb-1", "xapp-1");

    assertThat(settings.webApiCalls()).isEqualTo(SlackSettings.DEFAULT_WEB_API_CALLS);
    assertThat(settings.withWebApiCalls(64).webApiCalls()).isEqualTo(64);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.withWebApiCalls(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webApiCalls must lie between 1 and 256");
  }
}
