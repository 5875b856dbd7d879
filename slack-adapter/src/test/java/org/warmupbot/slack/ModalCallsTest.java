package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Slack's answers to views.open and views.update without the SDK's per-response Gson. */
final class ModalCallsTest {

  @Test
  void okAnswer_givesTheViewsId() {
    ModalCalls.Answer answer =
        ModalCalls.read("{\"ok\":true,\"view\":{\"id\":\"V0123\",\"type\":\"modal\",\"blocks\":[]}}");

    assertThat(answer).isEqualTo(new ModalCalls.Answer(true, null, "V0123", List.of()));
  }

  @Test
  void refusal_givesTheErrorAndSlacksMessages() {
    ModalCalls.Answer answer = ModalCalls.read("{\"ok\":false,\"error\":\"invalid_arguments\","
        + "\"response_metadata\":{\"messages\":[\"[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]\"]}}");

    assertThat(answer.ok()).isFalse();
    assertThat(answer.error()).isEqualTo("invalid_arguments");
    assertThat(answer.messages()).containsExactly(
        "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]");
  }

  @Test
  void notOkWithoutAnError_isAnUnknownError_notASuccess() {
    assertThat(ModalCalls.read("{\"ok\":false}").error()).isEqualTo("unknown_error");
    assertThat(ModalCalls.read("{\"view\":{\"id\":\"V1\"}}").ok()).isFalse();
  }

  @Test
  void aBodyThatIsNotSlacksJson_isUnreadable() {
    assertThat(ModalCalls.read("<html>502 Bad Gateway</html>").error()).isEqualTo("unreadable_response");
    assertThat(ModalCalls.read("[1,2]").error()).isEqualTo("unreadable_response");
    assertThat(ModalCalls.read("").error()).isEqualTo("unreadable_response");
  }
}
