package org.warmupbot.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser.GenericSocketModeEnvelope;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Socket Mode delivery: Bolt's {@link SocketModeApp} connects, reconnects and pings; each envelope is
 * parsed with {@link BoltRequestParser} (Bolt's own parser makes a Gson per block action, see there) on the
 * client's message thread, run on the app on a pool of {@link #THREADS} (as the HTTP endpoint's: a handler that
 * waits, such as an open waiting on the store for its settings, must not hold every other member's envelope past
 * Slack's 3 seconds, as one at a time on the message thread did), and answered with its envelope id as {@code
 * SocketModeApp} answers. Keeps the client it made, so {@link #close} stops it whole ({@code SocketModeApp.close}
 * leaves the client's threads, and its reconnecting, running).
 */
final class SocketModeEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SocketModeEndpoint.class);
  private static final Gson GSON = GsonFactory.createSnakeCase();
  // The envelopes that carry a request for the app; others (hello, disconnect) are the client's.
  private static final Set<String> REQUESTS = Set.of("events_api", "interactive", "slash_commands");
  static final int THREADS = 8;
  /**
   * Envelopes waiting for a thread at most; past it one is not acknowledged (Slack delivers an event again; a
   * member's press or command meets Slack's error).
   */
  private static final int WAITING = 1_000;

  private final App app;
  private final BoltRequestParser parser;
  private final SocketModeApp socketMode;
  private final ExecutorService requests;
  private volatile @Nullable SocketModeClient client;

  private SocketModeEndpoint(App app, String appToken) {
    this.app = app;
    this.parser = new BoltRequestParser(app.config());
    AtomicInteger threads = new AtomicInteger();
    this.requests = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING),
        task -> {
          Thread thread = new Thread(task, "slack-socket-mode-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        (task, pool) -> log.warn("A Socket Mode envelope was not acknowledged: the bot is stopping, or {} wait"
            + " already", WAITING));
    this.socketMode = new SocketModeApp(() -> {
      try {
        SocketModeClient made = app.slack().socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
        made.addWebSocketMessageListener(message -> handle(made, message));
        client = made;
        return made;
      } catch (IOException e) {
        throw new UncheckedIOException("Slack could not be reached for Socket Mode: " + e.getMessage(), e);
      }
    }, app);
  }

  /**
   * Starts {@code app} and asks Slack for a connection (it completes in the background; see {@link #connected}).
   *
   * @throws UncheckedIOException if Slack cannot be reached
   * @throws IllegalStateException (Bolt's) naming Slack's error, such as {@code invalid_auth}, if Slack refuses
   *     the app-level token
   */
  static SocketModeEndpoint start(App app, String appToken) throws Exception {
    SocketModeEndpoint endpoint = new SocketModeEndpoint(app, appToken);
    try {
      endpoint.socketMode.startAsync();
    } catch (Exception e) {
      endpoint.close(); // a client made before the failure would go on reconnecting
      throw e;
    }
    return endpoint;
  }

  /** True while the WebSocket answers a ping (this may take up to 3 seconds). */
  boolean connected() {
    SocketModeClient current = client;
    return current != null && !socketMode.isClientStopped() && current.verifyConnection();
  }

  @Override
  public void close() {
    requests.shutdown();
    try {
      socketMode.close();
    } catch (Exception e) {
      log.info("Closing Socket Mode: {}", e.toString());
    }
    SocketModeClient current = client;
    if (current != null) {
      try {
        current.close();
      } catch (Exception e) {
        log.info("Closing the Socket Mode client: {}", e.toString());
      }
    }
  }

  private void handle(SocketModeClient client, String message) {
    GenericSocketModeEnvelope envelope;
    Request<?> request;
    try {
      envelope = GSON.fromJson(message, GenericSocketModeEnvelope.class);
      if (envelope == null || !REQUESTS.contains(envelope.getType())) {
        return;
      }
      request = parser.parse(request(envelope));
    } catch (RuntimeException e) {
      log.warn("Could not read a Socket Mode message; it is not acknowledged", e);
      return;
    }
    if (request == null) {
      return;
    }
    Request<?> parsed = request;
    requests.execute(() -> run(client, envelope, parsed));
  }

  /** Runs a request on the app and answers its envelope; on a thread of {@link #requests}. */
  private void run(SocketModeClient client, GenericSocketModeEnvelope envelope, Request<?> request) {
    Response response;
    try {
      response = app.run(request);
    } catch (Exception e) {
      log.error("The Slack app failed on a {} request", request.getRequestType(), e);
      return;
    }
    if (response.getStatusCode() != 200) {
      log.warn("The Slack app answered a {} request with {}: {}", request.getRequestType(),
          response.getStatusCode(), response.getBody());
      return;
    }
    try {
      client.sendSocketModeResponse(GSON.toJson(answer(envelope.getEnvelopeId(), response)));
    } catch (RuntimeException e) {
      log.warn("Could not acknowledge Socket Mode envelope {} (Slack sends it again): {}", envelope.getEnvelopeId(),
          e.toString());
    }
  }

  /** The envelope's payload as Bolt's parser takes a Socket Mode request (its retry headers included). */
  private static SlackRequestParser.HttpRequest request(GenericSocketModeEnvelope envelope) {
    Map<String, List<String>> headers = new HashMap<>();
    if (envelope.getRetryAttempt() != null) {
      headers.put("X-Slack-Retry-Num", List.of(String.valueOf(envelope.getRetryAttempt())));
    }
    if (envelope.getRetryReason() != null) {
      headers.put("X-Slack-Retry-Reason", List.of(envelope.getRetryReason()));
    }
    return SlackRequestParser.HttpRequest.builder()
        .socketMode(true)
        .requestUri("")
        .remoteAddress("")
        .queryString(Map.of())
        .requestBody(GSON.toJson(envelope.getPayload()))
        .headers(new RequestHeaders(headers))
        .build();
  }

  /** The acknowledgement of envelope {@code id}: with the app's JSON, or its text as {@code {"text": …}}. */
  static JsonObject answer(String id, Response response) {
    JsonObject answer = new JsonObject();
    answer.addProperty("envelope_id", id);
    String body = response.getBody();
    if (body != null) {
      String type = response.getContentType();
      if (type != null && type.startsWith("application/json")) {
        answer.add("payload", GSON.fromJson(body, JsonElement.class));
      } else {
        JsonObject text = new JsonObject();
        text.addProperty("text", body);
        answer.add("payload", text);
      }
    }
    return answer;
  }
}
