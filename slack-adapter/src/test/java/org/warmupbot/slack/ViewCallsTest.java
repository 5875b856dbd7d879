package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.slack.testing.FakeSlackApi;

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

  @Test
  void afterSlackRateLimitsAMethod_itsCallsAreHeldBackUntilTheRetryAfterPassed_otherMethodsAreNot() throws Exception {
    AtomicLong nanoTime = new AtomicLong();
    View tab = View.builder().type("home").blocks(List.of(SlackViews.section("Warmup"))).build();
    AtomicInteger built = new AtomicInteger();
    Supplier<View> home = () -> {
      built.incrementAndGet();
      return tab;
    };
    try (FakeSlackApi api = FakeSlackApi.start("xoxb-1", "T1", MutableClock.atMondayMorning())) {
      try (Slack slack = Slack.getInstance(api.clientConfig())) {
        ViewCalls calls = new ViewCalls(slack.methods("xoxb-1"), "xoxb-1", nanoTime::get);
        api.rateLimitNext("views.publish", 5);

        assertThat(calls.publish("U1", home).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        nanoTime.addAndGet(Duration.ofSeconds(2).toNanos());
        ViewCalls.Answer heldBack = calls.publish("U2", home);
        ViewCalls.Answer otherMethod = calls.update("V-unknown", null, tab);

        assertThat(heldBack.heldBack()).isTrue();
        assertThat(heldBack.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(api.calls("views.publish")).as("sent to Slack").hasSize(1);
        assertThat(built).as("tabs built").hasValue(1);
        assertThat(otherMethod.error()).as("views.update is limited on its own").isEqualTo("not_found");

        nanoTime.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(calls.publish("U2", home).ok()).isTrue();
        assertThat(api.calls("views.publish")).hasSize(2);
      }
    }
  }

}
