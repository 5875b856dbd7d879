package org.warmupbot.slack.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic Slack request payloads (shapes as in Slack's docs and Bolt's own tests) for one workspace and app.
 * Trigger ids come from the {@link FakeSlackApi}, so they expire and wear out as Slack's do; {@code action_ts}
 * values are unique per press unless a test reuses a payload on purpose.
 */
public final class SlackPayloads {
  private static final String APP_ID = "A0WARMUP";
  private final FakeSlackApi api;
  private final Clock clock;
  private final AtomicLong micros = new AtomicLong();

  public SlackPayloads(FakeSlackApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  public String globalShortcut(String userId, String callbackId) {
    ObjectNode root = base("shortcut", userId);
    root.put("callback_id", callbackId);
    root.put("trigger_id", api.newTriggerId());
    root.put("action_ts", actionTs());
    return write(root);
  }

  public String messageShortcut(String userId, String channelId, String callbackId) {
    ObjectNode root = base("message_action", userId);
    root.put("callback_id", callbackId);
    root.put("trigger_id", api.newTriggerId());
    root.put("action_ts", actionTs());
    root.put("message_ts", actionTs());
    root.put("response_url", api.responseUrl("actions"));
    ObjectNode channel = root.putObject("channel");
    channel.put("id", channelId);
    channel.put("name", "study-group");
    ObjectNode message = root.putObject("message");
    message.put("type", "message");
    message.put("user", "U0OTHER");
    message.put("ts", root.get("message_ts").asText());
    message.put("text", "Who's up for a warmup?");
    return write(root);
  }

  /**
   * A button press (or a dispatched text input, when {@code value} is typed text) on the view Slack shows now;
   * {@code view} is what {@link FakeSlackApi#view} or {@link FakeSlackApi#home} returns, with its id and hash.
   */
  public String blockAction(String userId, JsonNode view, String actionId, String value) {
    return blockAction(userId, view, actionId, value, actionTs());
  }

  /** The same, with a chosen {@code action_ts} (to play one press delivered twice). */
  public String blockAction(String userId, JsonNode view, String actionId, String value, String actionTs) {
    ObjectNode root = base("block_actions", userId);
    root.put("trigger_id", api.newTriggerId());
    ObjectNode container = root.putObject("container");
    container.put("type", "view");
    container.put("view_id", view.path("id").asText());
    root.set("view", view.deepCopy());
    ObjectNode action = root.putArray("actions").addObject();
    boolean typed = actionId.startsWith("type:");
    action.put("type", typed ? "plain_text_input" : "button");
    action.put("action_id", actionId);
    action.put("block_id", typed ? "answer" : "actions");
    action.put("value", value);
    action.put("action_ts", actionTs);
    if (!typed) {
      ObjectNode text = action.putObject("text");
      text.put("type", "plain_text");
      text.put("text", value);
    }
    return write(root);
  }

  /**
   * A button press on an ephemeral message the bot posted to a response_url ({@code message}: what {@link
   * FakeSlackApi#message} returns), in {@code channelId}. As Slack sends it for an ephemeral message: the container
   * says so, there is no {@code message} and no {@code view}, and the payload brings a new {@code response_url}
   * that can replace the pressed message.
   */
  public String messageBlockAction(String userId, String channelId, JsonNode message, String actionId, String value) {
    ObjectNode root = base("block_actions", userId);
    root.put("trigger_id", api.newTriggerId());
    String messageTs = actionTs();
    ObjectNode container = root.putObject("container");
    container.put("type", "message");
    container.put("message_ts", messageTs);
    container.put("channel_id", channelId);
    container.put("is_ephemeral", true);
    ObjectNode channel = root.putObject("channel");
    channel.put("id", channelId);
    channel.put("name", "study-group");
    root.put("response_url", api.actionResponseUrl(message.path("id").asText()));
    ObjectNode action = root.putArray("actions").addObject();
    action.put("type", "button");
    action.put("action_id", actionId);
    action.put("block_id", "b" + micros.incrementAndGet());
    action.put("value", value);
    action.put("action_ts", actionTs());
    ObjectNode text = action.putObject("text");
    text.put("type", "plain_text");
    text.put("text", actionId);
    return write(root);
  }

  /** The modal's submit button, with {@code values} as {@code block_id -> action_id -> text}. */
  public String viewSubmission(String userId, JsonNode view, Map<String, Map<String, String>> values) {
    ObjectNode root = base("view_submission", userId);
    root.put("trigger_id", api.newTriggerId());
    ObjectNode copy = view.deepCopy();
    ObjectNode stateValues = copy.putObject("state").putObject("values");
    values.forEach((block, actions) -> {
      ObjectNode blockNode = stateValues.putObject(block);
      actions.forEach((action, text) -> {
        ObjectNode value = blockNode.putObject(action);
        value.put("type", "plain_text_input");
        value.put("value", text);
      });
    });
    root.set("view", copy);
    root.putArray("response_urls");
    return write(root);
  }

  /** The form fields of {@code /warmup <text>} typed in {@code channelId}. */
  public Map<String, String> slashCommand(String userId, String channelId, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "legacy-verification-token");
    fields.put("team_id", api.teamId());
    fields.put("team_domain", "fake");
    fields.put("channel_id", channelId);
    fields.put("channel_name", "study-group");
    fields.put("user_id", userId);
    fields.put("user_name", userId.toLowerCase());
    fields.put("command", "/warmup");
    fields.put("text", text);
    fields.put("api_app_id", APP_ID);
    fields.put("is_enterprise_install", "false");
    fields.put("response_url", api.responseUrl("commands"));
    fields.put("trigger_id", api.newTriggerId());
    return fields;
  }

  /** The Events API callback when a member opens the app's Home tab. */
  public String appHomeOpened(String userId) {
    ObjectNode root = FakeSlackApi.MAPPER.createObjectNode();
    root.put("token", "legacy-verification-token");
    root.put("team_id", api.teamId());
    root.put("api_app_id", APP_ID);
    ObjectNode event = root.putObject("event");
    event.put("type", "app_home_opened");
    event.put("user", userId);
    event.put("channel", "D0" + userId);
    event.put("tab", "home");
    event.put("event_ts", actionTs());
    root.put("type", "event_callback");
    root.put("event_id", "Ev" + micros.incrementAndGet());
    root.put("event_time", clock.instant().getEpochSecond());
    ObjectNode authorization = root.putArray("authorizations").addObject();
    authorization.put("team_id", api.teamId());
    authorization.put("user_id", "UBOT");
    authorization.put("is_bot", true);
    return write(root);
  }

  private ObjectNode base(String type, String userId) {
    ObjectNode root = FakeSlackApi.MAPPER.createObjectNode();
    root.put("type", type);
    root.put("token", "legacy-verification-token");
    root.put("api_app_id", APP_ID);
    root.put("is_enterprise_install", false);
    ObjectNode team = root.putObject("team");
    team.put("id", api.teamId());
    team.put("domain", "fake");
    ObjectNode user = root.putObject("user");
    user.put("id", userId);
    user.put("username", userId.toLowerCase());
    user.put("name", userId.toLowerCase());
    user.put("team_id", api.teamId());
    return root;
  }

  private String actionTs() {
    return clock.instant().getEpochSecond() + "." + String.format("%06d", micros.incrementAndGet() % 1_000_000);
  }

  static String write(JsonNode node) {
    try {
      return FakeSlackApi.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a payload", e);
    }
  }
}
