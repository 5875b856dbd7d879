package org.warmupbot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.AckObserver;

/**
 * Times interactions for the {@link AckObserver}: from Bolt handing the request to our middleware (after its
 * own signature and authorization checks) to the acknowledgement our handler returns, which is what Slack waits
 * up to 3 seconds for. Events API callbacks (App Home opened) are not interactions and are not reported, nor is
 * a request that was not acknowledged (no handler, or the handler failed). Runs on Bolt's request threads;
 * thread-safe.
 */
final class AckTiming implements Middleware {
  private static final Logger log = LoggerFactory.getLogger(AckTiming.class);
  private static final Set<RequestType> NOT_INTERACTIONS = EnumSet.of(RequestType.Event,
      RequestType.UrlVerification, RequestType.SSLCheck, RequestType.OAuthStart, RequestType.OAuthCallback);

  private final AckObserver observer;
  private final LongSupplier nanoTime;

  AckTiming(AckObserver observer) {
    this(observer, System::nanoTime);
  }

  /** @param nanoTime the monotonic clock read at arrival and at acknowledgement ({@link System#nanoTime}) */
  AckTiming(AckObserver observer, LongSupplier nanoTime) {
    this.observer = observer;
    this.nanoTime = nanoTime;
  }

  @Override
  public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
    long arrived = nanoTime.getAsLong();
    Response response = chain.next(req);
    if (response != null && response.getStatusCode() == 200 && !NOT_INTERACTIONS.contains(req.getRequestType())) {
      try {
        observer.acknowledged(Platform.SLACK, Duration.ofNanos(nanoTime.getAsLong() - arrived));
      } catch (RuntimeException e) {
        // The port says observers do not throw; one that does must not turn an acknowledgement into a 500.
        log.warn("The acknowledgement observer failed: {}", e.toString());
      }
    }
    return response;
  }
}
