package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings, metadata and text helpers. */
final class SmallPartsTest {

  @Test
  void settingsToString_neverShowsSecrets() {
    SlackSettings settings = SlackSettings.fromEnvironment(Map.of(
        "SLACK_BOT_TOKEN", "xoxb-123-secretpart", "SLACK_APP_TOKEN", "xapp-1-secretpart",
        "SLACK_SIGNING_SECRET", "shh-secretpart"));

    assertThat(settings.toString()).doesNotContain("secretpart").contains("xoxb-***").contains("SOCKET");
  }

  @Test
  void environment_withOnlyASigningSecret_meansHttp_andNamesMissingVariables() {
    SlackSettings http = SlackSettings.fromEnvironment(Map.of(
        "SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET", "s", "SLACK_PORT", "8080",
        "SLACK_API_URL", "https://slack-gov.com/api"));

    assertThat(http.mode()).isEqualTo(SlackSettings.Mode.HTTP);
    assertThat(http.port()).isEqualTo(8080);
    assertThat(http.apiUrl()).isEqualTo("https://slack-gov.com/api/");
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_BOT_TOKEN", "xoxb-1")))
        .hasMessageContaining("SLACK_APP_TOKEN");
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_APP_TOKEN", "xapp-1")))
        .hasMessageContaining("SLACK_BOT_TOKEN");
  }

  @Test
  void metadata_roundTrips_andIgnoresForeignText() {
    ModalMetadata metadata = new ModalMetadata("U1", "C1", "pack");

    assertThat(ModalMetadata.decode(metadata.encode())).contains(metadata);
    assertThat(ModalMetadata.decode(new ModalMetadata("U1", null, "pack").encode()).orElseThrow().channelId())
        .isNull();
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
}
