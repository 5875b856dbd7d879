package org.warmupbot.slack;

import com.google.gson.Gson;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.util.JsonPayloadExtractor;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Bolt's {@link SlackRequestParser}, but block actions (every button press and typed answer dispatched from a
 * modal or App Home) are parsed with one Gson kept for the process. Bolt's {@link BlockActionRequest} parses its
 * payload with a Gson made for that request, which builds Gson's reflective adapters for the payload and the whole
 * modal it carries again each time: about 570 µs and 730 KB allocated per press, one thread ({@code
 * BlockActionParseBenchmark}; ± 46%), against about 55 µs and 110 KB with a Gson kept, and the largest share of the
 * bot's CPU under load. The request Bolt gets is a {@link BlockActionRequest} with the same payload and context Bolt's
 * own would have (compared whole in {@code BoltRequestParserTest}); every other request is Bolt's own, its type
 * read first without building a tree. Both deliveries parse with it ({@link HttpEndpoint}, {@link
 * SocketModeEndpoint}). Thread-safe.
 */
public final class BoltRequestParser {
  /** Made at the first block action, not at start-up: the SDK's Gson loads some thirty classes. */
  private static final class Shared {
    static final Gson GSON = GsonFactory.createSnakeCase();
  }

  private final AppConfig config;
  private final SlackRequestParser bolt;
  private final JsonPayloadExtractor payloads = new JsonPayloadExtractor();

  public BoltRequestParser(AppConfig config) {
    this.config = config;
    this.bolt = new SlackRequestParser(config);
  }

  /**
   * The request a JDK {@link HttpExchange} delivered, its body read already ({@code body}), as {@link
   * #parse(SlackRequestParser.HttpRequest)} parses it.
   */
  public @Nullable Request<?> parse(HttpExchange exchange, String body) {
    return parse(SlackRequestParser.HttpRequest.builder()
        .requestUri(exchange.getRequestURI().getPath())
        .queryString(QueryStringParser.toMap(exchange.getRequestURI().getRawQuery()))
        .headers(new RequestHeaders(exchange.getRequestHeaders()))
        .requestBody(body)
        .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
        .build());
  }

  /**
   * The request as Bolt would parse it, or null when it is of no kind Bolt knows.
   *
   * @throws RuntimeException when the body is malformed (as Bolt's parser throws)
   */
  public @Nullable Request<?> parse(SlackRequestParser.HttpRequest raw) {
    // Over Socket Mode the body is the payload itself; over HTTP a form with a payload field, or an event's JSON.
    String json = raw.isSocketMode() ? raw.getRequestBody() : payloads.extractIfExists(raw.getRequestBody());
    if (json == null || !BlockActionPayload.TYPE.equals(type(json))) {
      return bolt.parse(raw);
    }
    Request<?> request =
        new BlockAction(raw.getRequestBody(), Shared.GSON.fromJson(json, BlockActionPayload.class), raw.getHeaders());
    // What SlackRequestParser does to every request it made.
    request.setSocketMode(raw.isSocketMode());
    request.updateContext(config);
    Map<String, List<String>> query = raw.getQueryString();
    if (query != null) {
      query.forEach((name, values) ->
          request.getQueryString().computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    }
    String forwardedFor = raw.getHeaders().getFirstValue("X-FORWARDED-FOR");
    request.setClientIpAddress(forwardedFor != null ? forwardedFor : raw.getRemoteAddress());
    return request;
  }

  /**
   * The payload's top-level {@code type}, read without building a tree (Slack sends it first); null when there is
   * none or the text is not a JSON object (Bolt's parser then says what is wrong).
   */
  static @Nullable String type(String json) {
    try (JsonReader reader = new JsonReader(new StringReader(json))) {
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        return null;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("type")) {
          return reader.peek() == JsonToken.STRING ? reader.nextString() : null;
        }
        reader.skipValue();
      }
      return null;
    } catch (IOException | IllegalStateException e) { // MalformedJsonException is an IOException
      return null;
    }
  }

  /**
   * A block action whose payload was parsed already; its context is filled as Bolt 1.51's constructor fills it
   * ({@code BoltRequestParserTest} compares the two whole requests).
   */
  private static final class BlockAction extends BlockActionRequest {
    private final BlockActionPayload payload;

    BlockAction(String requestBody, BlockActionPayload payload, RequestHeaders headers) {
      // Bolt's constructor then makes its Gson (a few µs) but parses nothing (a null text) and fills no context.
      super(requestBody, null, headers);
      this.payload = payload;
      ActionContext context = getContext();
      context.setFunctionBotAccessToken(payload.getBotAccessToken());
      context.setResponseUrl(payload.getResponseUrl());
      context.setTriggerId(payload.getTriggerId());
      if (payload.getTriggerId() == null && payload.getInteractivity() != null
          && payload.getInteractivity().getInteractivityPointer() != null) {
        context.setTriggerId(payload.getInteractivity().getInteractivityPointer());
      }
      if (payload.getEnterprise() != null) {
        context.setEnterpriseId(payload.getEnterprise().getId());
      } else if (payload.getTeam() != null) {
        context.setEnterpriseId(payload.getTeam().getEnterpriseId());
      }
      if (payload.getTeam() != null && payload.getTeam().getId() != null) {
        context.setTeamId(payload.getTeam().getId());
      } else if (payload.getUser() != null && payload.getUser().getTeamId() != null) {
        context.setTeamId(payload.getUser().getTeamId());
      }
      context.setRequestUserId(payload.getUser().getId()); // none: malformed, as Bolt's constructor finds it
      if (payload.getFunctionData() != null) {
        context.setFunctionExecutionId(payload.getFunctionData().getExecutionId());
      }
    }

    @Override
    public BlockActionPayload getPayload() {
      return payload;
    }
  }
}
