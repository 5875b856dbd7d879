package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.AckObserver;

final class AckTimingTest {
  private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
  private final List<Duration> reported = new ArrayList<>();
  private final AckObserver observer = (platform, latency) -> {
    assertThat(platform).isEqualTo(Platform.SLACK);
    reported.add(latency);
  };
  private final AckTiming timing = new AckTiming(observer, nanos::get);

  @Test
  void anInteraction_isTimedFromReachingTheMiddlewareToTheAcknowledgementItsHandlerReturns() throws Exception {
    Response response = timing.apply(request(RequestType.BlockAction), Response.ok(), req -> {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250)); // the handler's work
      return Response.ok();
    });

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(reported).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void eventsAndRefusedRequests_areNotReported() throws Exception {
    timing.apply(request(RequestType.Event), Response.ok(), req -> Response.ok());
    timing.apply(request(RequestType.Command), Response.ok(), req -> Response.error(500));
    timing.apply(request(RequestType.Command), Response.ok(), req -> null);

    assertThat(reported).isEmpty();
  }

  @Test
  void anObserverThatThrows_stillLetsTheAcknowledgementThrough() throws Exception {
    AckTiming throwing = new AckTiming((platform, latency) -> {
      throw new IllegalStateException("metrics registry closed");
    }, nanos::get);

    Response response = throwing.apply(request(RequestType.Command), Response.ok(), req -> Response.ok());

    assertThat(response.getStatusCode()).isEqualTo(200);
  }

  @SuppressWarnings("unchecked")
  private static Request<?> request(RequestType type) {
    Request<?> request = mock(Request.class);
    when(request.getRequestType()).thenReturn(type);
    return request;
  }
}
