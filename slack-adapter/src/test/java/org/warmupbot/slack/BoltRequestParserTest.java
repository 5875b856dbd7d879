package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Block actions parsed with a kept Gson reach Bolt exactly as Bolt's own parser would hand them over. */
final class BoltRequestParserTest {
  private final AppConfig config =
      AppConfig.builder().singleTeamBotToken("xoxb-1").signingSecret("secret").build();
  private final BoltRequestParser parser = new BoltRequestParser(config);
  private final SlackRequestParser bolts = new SlackRequestParser(config);

  private static final String MODAL = "{\"id\":\"V1\",\"team_id\":\"T1\",\"type\":\"modal\","
      + "\"callback_id\":\"warmup_modal\","
      + "\"private_metadata\":\"{\\\"u\\\":\\\"U1\\\",\\\"p\\\":\\\"pack\\\"}\",\"hash\":\"1.a\","
      + "\"title\":{\"type\":\"plain_text\",\"text\":\"Question 1 of 5\"},"
      + "\"blocks\":[{\"type\":\"section\",\"block_id\":\"b\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Why?*\"}},"
      + "{\"type\":\"actions\",\"block_id\":\"a\",\"elements\":[{\"type\":\"button\",\"action_id\":\"choose:q1:a\","
      + "\"value\":\"choose:q1:a\",\"text\":{\"type\":\"plain_text\",\"text\":\"A\"}}]}],"
      + "\"state\":{\"values\":{\"answer\":{\"type:q2\":{\"type\":\"plain_text_input\",\"value\":\"42\"}}}}}";
  private static final String ACTIONS = "\"actions\":[{\"action_id\":\"choose:q1:a\",\"block_id\":\"a\","
      + "\"value\":\"choose:q1:a\",\"type\":\"button\",\"action_ts\":\"1700000000.1\","
      + "\"text\":{\"type\":\"plain_text\",\"text\":\"A\"}}]";

  @Test
  void aPressOnAModal_isTheBlockActionBoltWouldMake() {
    assertSameAsBolts("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\","
        + "\"team\":{\"id\":\"T1\",\"domain\":\"study\"},\"trigger_id\":\"1.2.abc\",\"container\":{\"type\":\"view\","
        + "\"view_id\":\"V1\"},\"view\":" + MODAL + "," + ACTIONS + "}", Map.of());
  }

  @Test
  void aPressOnAMessageInAnEnterpriseWorkspace_keepsItsResponseUrlAndEnterprise() {
    assertSameAsBolts("{\"type\":\"block_actions\",\"user\":{\"id\":\"U2\"},\"enterprise\":{\"id\":\"E1\"},"
        + "\"team\":{\"id\":\"T2\",\"enterprise_id\":\"E1\"},\"trigger_id\":\"3.4.def\","
        + "\"response_url\":\"https://hooks.slack.com/actions/T2/1/x\",\"channel\":{\"id\":\"C1\",\"name\":\"study\"},"
        + "\"container\":{\"type\":\"message\",\"message_ts\":\"1.2\",\"channel_id\":\"C1\"}," + ACTIONS + "}",
        Map.of("X-Forwarded-For", List.of("203.0.113.7")));
  }

  @Test
  void aPressWithoutTeamOrTrigger_takesThemFromTheUserAndTheInteractivityPointer() {
    assertSameAsBolts("{\"type\":\"block_actions\",\"user\":{\"id\":\"U3\",\"team_id\":\"T3\"},"
        + "\"team\":{\"enterprise_id\":\"E3\"},\"bot_access_token\":\"xwfp-1\",\"function_data\":{\"execution_id\":"
        + "\"Fx1\"},\"interactivity\":{\"interactivity_pointer\":\"5.6.ghi\"}," + ACTIONS + "}", Map.of());
  }

  @Test
  void aBlockActionWhoseTypeComesLast_isStillOurs_andANonTextTypeIsBoltsToJudge() {
    assertSameAsBolts("{\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},\"team\":{\"id\":\"T1\"},"
        + "\"trigger_id\":\"7.8.jkl\",\"view\":" + MODAL + "," + ACTIONS + ",\"type\":\"block_actions\"}", Map.of());
    assertThat(BoltRequestParser.type("{\"type\":1}")).isNull();
    assertThat(BoltRequestParser.type("[\"type\"]")).isNull();
    assertThat(BoltRequestParser.type("{\"view\":{\"type\":\"modal\"},\"type\":\"view_submission\"}"))
        .isEqualTo("view_submission");
  }

  @Test
  void otherRequests_areBoltsOwn() {
    String submission = "{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},"
        + "\"team\":{\"id\":\"T1\"},\"view\":" + MODAL + "}";

    Request<?> parsed = parser.parse(raw(form(submission), Map.of()));

    assertThat(parsed).isExactlyInstanceOf(ViewSubmissionRequest.class);
    assertThat(((ViewSubmissionRequest) parsed).getPayload().getView().getId()).isEqualTo("V1");
    assertThat(parser.parse(raw("token=x&command=%2Fwarmup&text=help&user_id=U1&team_id=T1", Map.of())))
        .isExactlyInstanceOf(SlashCommandRequest.class);
  }

  @Test
  void aPressOverSocketMode_isTheBlockActionBoltWouldMake_markedSocketMode() {
    String press = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},"
        + "\"team\":{\"id\":\"T1\"},\"trigger_id\":\"9.9.xyz\",\"view\":" + MODAL + "," + ACTIONS + "}";
    SlackRequestParser.HttpRequest raw = SlackRequestParser.HttpRequest.builder().socketMode(true).requestUri("")
        .remoteAddress("").queryString(Map.of()).headers(new RequestHeaders(Map.of())).requestBody(press).build();

    Request<?> parsed = parser.parse(raw);
    BlockActionRequest theirs = (BlockActionRequest) bolts.parse(raw);

    assertThat(parsed).isInstanceOf(BlockActionRequest.class).isNotExactlyInstanceOf(BlockActionRequest.class);
    assertThat(parsed.isSocketMode()).isTrue();
    assertThat(((BlockActionRequest) parsed).getPayload()).isEqualTo(theirs.getPayload());
    assertThat(parsed.toString()).isEqualTo(theirs.toString());
  }

  @Test
  void aBlockActionWithoutAUser_isMalformed_asBoltFindsIt() {
    String noUser = form("{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"}," + ACTIONS + "}");

    assertThatThrownBy(() -> bolts.parse(raw(noUser, Map.of()))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> parser.parse(raw(noUser, Map.of()))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> parser.parse(raw("payload=%7Bnot+json", Map.of())))
        .isInstanceOf(RuntimeException.class);
  }

  private void assertSameAsBolts(String payload, Map<String, List<String>> headers) {
    SlackRequestParser.HttpRequest raw = raw(form(payload), headers);

    BlockActionRequest theirs = (BlockActionRequest) bolts.parse(raw);
    Request<?> parsed = parser.parse(raw);

    assertThat(parsed).isInstanceOf(BlockActionRequest.class).isNotExactlyInstanceOf(BlockActionRequest.class);
    BlockActionRequest ours = (BlockActionRequest) parsed;
    assertThat(ours.getPayload()).isEqualTo(theirs.getPayload());
    assertThat(ours.getPayload().getActions()).hasSize(1);
    assertThat(ours.getRequestType()).isEqualTo(theirs.getRequestType());
    assertThat(ours.getRequestBodyAsString()).isEqualTo(theirs.getRequestBodyAsString());
    assertThat(ours.getResponseUrl()).isEqualTo(theirs.getResponseUrl());
    assertThat(ours.getClientIpAddress()).isEqualTo(theirs.getClientIpAddress());
    assertThat(ours.getQueryString()).isEqualTo(theirs.getQueryString()).containsKey("source");
    assertThat(ours.isSocketMode()).isEqualTo(theirs.isSocketMode());
    assertThat(ours.getHeaders().getNames()).isEqualTo(theirs.getHeaders().getNames());
    assertSameContext(ours.getContext(), theirs.getContext());
    // Bolt's Lombok toString reads every field through its getter: a field a later Bolt fills shows up here.
    assertThat(ours.toString()).isEqualTo(theirs.toString());
    assertThat(ours.getContext().getResponseUrl()).isEqualTo(theirs.getContext().getResponseUrl());
    assertThat(ours.getContext().getTriggerId()).isEqualTo(theirs.getContext().getTriggerId()).isNotNull();
  }

  private static void assertSameContext(Context ours, Context theirs) {
    assertThat(ours.getTeamId()).isEqualTo(theirs.getTeamId()).isNotNull();
    assertThat(ours.getEnterpriseId()).isEqualTo(theirs.getEnterpriseId());
    assertThat(ours.getRequestUserId()).isEqualTo(theirs.getRequestUserId()).isNotNull();
    assertThat(ours.getBotToken()).isEqualTo(theirs.getBotToken()).isEqualTo("xoxb-1");
    assertThat(ours.getFunctionBotAccessToken()).isEqualTo(theirs.getFunctionBotAccessToken());
    assertThat(ours.getFunctionExecutionId()).isEqualTo(theirs.getFunctionExecutionId());
    assertThat(ours.getSlack()).isSameAs(theirs.getSlack());
  }

  private static String form(String payload) {
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  private static SlackRequestParser.HttpRequest raw(String body, Map<String, List<String>> headers) {
    return SlackRequestParser.HttpRequest.builder()
        .requestUri("/slack/events")
        .queryString(Map.of("source", List.of("test")))
        .headers(new RequestHeaders(headers))
        .requestBody(body)
        .remoteAddress("127.0.0.1")
        .build();
  }
}
