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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Socket Mode delivery: Bolt's {@link SocketModeApp} connects, reconnects and pings; each envelope is
 * parsed with {@link BoltRequestParser} (Bolt's own parser makes a Gson per block action, see there), run on the
 * app on the socket's thread, one at a time as {@code SocketModeApp} runs them without an executor (the handlers
 * acknowledge at once and queue their Web API calls), and answered with its envelope id as {@code SocketModeApp}
 * answers.
 */
final class SocketModeEndpoint {
  private static final Logger log = LoggerFactory.getLogger(SocketModeEndpoint.class);
  private static final Gson GSON = GsonFactory.createSnakeCase();
  // The envelopes that carry a request for the app; others (hello, disconnect) are the client's.
  private static final Set<String> REQUESTS = Set.of("events_api", "interactive", "slash_commands");

  private final App app;
  private final BoltRequestParser parser;

  private SocketModeEndpoint(App app) {
    this.app = app;
    this.parser = new BoltRequestParser(app.config());
  }

  /**
   * A Socket Mode app for {@code app}, not started yet.
   *
   * @throws UncheckedIOException (when started) if Slack refuses the app-level token or cannot be reached
   */
  static SocketModeApp of(App app, String appToken) {
    SocketModeEndpoint endpoint = new SocketModeEndpoint(app);
    return new SocketModeApp(() -> {
      try {
        SocketModeClient client = app.slack().socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
        client.addWebSocketMessageListener(message -> endpoint.handle(client, message));
        return client;
      } catch (IOException e) {
        throw new UncheckedIOException("Slack did not open a Socket Mode connection: " + e.getMessage(), e);
      }
    }, app);
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
      log.info("Malformed Socket Mode message: {}", e.toString());
      return;
    }
    if (request == null) {
      return;
    }
    try {
      Response response = app.run(request);
      if (response.getStatusCode() != 200) {
        log.warn("The Slack app answered a {} request with {}: {}", request.getRequestType(),
            response.getStatusCode(), response.getBody());
        return;
      }
      client.sendSocketModeResponse(GSON.toJson(answer(envelope.getEnvelopeId(), response)));
    } catch (Exception e) {
      log.warn("The Slack app failed on a {} request", request.getRequestType(), e);
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
