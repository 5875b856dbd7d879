package org.warmupbot.slack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays Slack delivering requests to an app over HTTP: correctly signed ones, and the forged, expired,
 * replayed and retried ones an app must handle. Each method returns the app's HTTP answer.
 */
public final class SignedSlackClient {

  /** One request as it goes on the wire, so a test can send exactly the same bytes again. */
  public record Delivery(String body, String contentType, long timestamp, String signature, int retryNum) {
    public Delivery asRetry(int retry) {
      return new Delivery(body, contentType, timestamp, signature, retry);
    }
  }

  /**
   * How long Slack waits for an app's answer before it shows the member an error and delivers the request again:
   * an answer later than this fails the test, as it would fail on Slack.
   */
  public static final Duration SLACK_WAITS = Duration.ofSeconds(3);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final URI endpoint;
  private final SlackRequestSigner signer;
  private final Clock clock;
  private final Duration wait;

  public SignedSlackClient(URI endpoint, String signingSecret, Clock clock) {
    this(endpoint, signingSecret, clock, SLACK_WAITS);
  }

  /**
   * As Slack, but waiting {@code wait} for each answer: for a process started for the test on a shared machine,
   * whose first requests may wait on class loading (Slack's own 3 s are what the adapter's tests hold it to).
   */
  public SignedSlackClient(URI endpoint, String signingSecret, Clock clock, Duration wait) {
    this.endpoint = endpoint;
    this.signer = new SlackRequestSigner(signingSecret);
    this.clock = clock;
    this.wait = wait;
  }

  /** An interactive payload (shortcut, block action, view submission) as {@code payload=<json>}. */
  public Delivery interactive(String payloadJson) {
    return sign("payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded");
  }

  /** A slash command: plain form fields. */
  public Delivery command(Map<String, String> fields) {
    String body = new LinkedHashMap<>(fields).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return sign(body, "application/x-www-form-urlencoded");
  }

  /** An Events API callback: a JSON body. */
  public Delivery event(String json) {
    return sign(json, "application/json");
  }

  /** Signs with the timestamp {@code ageSeconds} in the past (Slack's limit is 5 minutes). */
  public Delivery aged(Delivery delivery, long ageSeconds) {
    long ts = clock.instant().getEpochSecond() - ageSeconds;
    return new Delivery(delivery.body(), delivery.contentType(), ts, signer.signature(ts, delivery.body()), 0);
  }

  /**
   * The same body re-signed {@code seconds} after the delivery's own timestamp, as Slack signs a delivery it
   * retries later; never the same signature as the original.
   */
  public Delivery later(Delivery delivery, long seconds) {
    long ts = delivery.timestamp() + seconds;
    return new Delivery(delivery.body(), delivery.contentType(), ts, signer.signature(ts, delivery.body()), 0);
  }

  /** The same timestamp and body with a signature made from another secret. */
  public Delivery forged(Delivery delivery) {
    String wrong = new SlackRequestSigner("not-the-secret").signature(delivery.timestamp(), delivery.body());
    return new Delivery(delivery.body(), delivery.contentType(), delivery.timestamp(), wrong, 0);
  }

  public HttpResponse<String> send(Delivery delivery) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(wait)
        .header("Content-Type", delivery.contentType())
        .header("X-Slack-Request-Timestamp", Long.toString(delivery.timestamp()))
        .header("X-Slack-Signature", delivery.signature())
        .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
    if (delivery.retryNum() > 0) {
      request.header("X-Slack-Retry-Num", Integer.toString(delivery.retryNum()));
      request.header("X-Slack-Retry-Reason", "http_timeout");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("the app at " + endpoint + " did not answer within " + wait.toMillis() + " ms"
          + (wait.equals(SLACK_WAITS) ? ": Slack would have shown the member an error and delivered it again" : ""), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the app at " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + endpoint, e);
    }
  }

  private Delivery sign(String body, String contentType) {
    long ts = clock.instant().getEpochSecond();
    return new Delivery(body, contentType, ts, signer.signature(ts, body), 0);
  }
}
