package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Slack's answers to views.open and views.update without the SDK's per-response Gson. */
final class ViewCallsTest {
  private static ViewCalls.Answer read(String body) {
    try {
      return ViewCalls.read(new StringReader(body));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void okAnswer_givesTheViewsId() {
    ViewCalls.Answer answer =
        read("{\"ok\":true,\"view\":{\"id\":\"V0123\",\"type\":\"modal\",\"blocks\":[]}}");

    assertThat(answer).isEqualTo(new ViewCalls.Answer(true, null, "V0123", List.of(), null));
  }

  @Test
  void refusal_givesTheErrorAndSlacksMessages() {
    ViewCalls.Answer answer = read("{\"ok\":false,\"error\":\"invalid_arguments\","
        + "\"response_metadata\":{\"messages\":[\"[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]\"]}}");

    assertThat(answer.ok()).isFalse();
    assertThat(answer.error()).isEqualTo("invalid_arguments");
    assertThat(answer.messages()).containsExactly(
        "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]");
  }

  @Test
  void theEchoedViewIsSkipped_whateverItHolds_andFieldsMayComeInAnyOrder() {
    ViewCalls.Answer answer = read("{\"view\":{\"blocks\":[{\"id\":\"not-this\",\"text\":{\"text\":\"x\"}}],"
        + "\"state\":{\"values\":{}},\"id\":\"V9\",\"hash\":\"1.a\"},\"warning\":\"w\",\"ok\":true}");

    assertThat(answer).isEqualTo(new ViewCalls.Answer(true, null, "V9", List.of(), null));
  }

  @Test
  void aConnectionThatFailsWhileTheAnswerStreams_isAnIoError_notAnUnreadableAnswer() {
    Reader broken = new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        throw new IOException("connection reset");
      }

      @Override
      public void close() {}
    };

    assertThatThrownBy(() -> ViewCalls.read(broken)).isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  @Test
  void notOkWithoutAnError_isAnUnknownError_notASuccess() {
    assertThat(read("{\"ok\":false}").error()).isEqualTo("unknown_error");
    assertThat(read("{\"view\":{\"id\":\"V1\"}}").ok()).isFalse();
  }

  @Test
  void aBodyThatIsNotSlacksJson_isUnreadable() {
    assertThat(read("<html>502 Bad Gateway</html>").error()).isEqualTo("unreadable_response");
    assertThat(read("[1,2]").error()).isEqualTo("unreadable_response");
    assertThat(read("").error()).isEqualTo("unreadable_response");
  }

  @Test
  void slacksRetryAfter_isHonouredInWholeSeconds_betweenOneSecondAndAMinute() {
    assertThat(ViewCalls.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(ViewCalls.retryAfter(" 30 ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ViewCalls.retryAfter("0")).as("at least a second").isEqualTo(Duration.ofSeconds(1));
    assertThat(ViewCalls.retryAfter(null)).isEqualTo(ViewCalls.DEFAULT_RETRY_AFTER);
    assertThat(ViewCalls.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(ViewCalls.DEFAULT_RETRY_AFTER);
    assertThat(ViewCalls.retryAfter("3600")).isEqualTo(ViewCalls.LONGEST_RETRY_AFTER);
    assertThat(ViewCalls.retryAfter("99999999999999999999")).isEqualTo(ViewCalls.LONGEST_RETRY_AFTER);
  }
}
