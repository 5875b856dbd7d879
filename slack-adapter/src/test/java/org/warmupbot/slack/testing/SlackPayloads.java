package org.warmupbot.slack.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
   * A press of the button with {@code actionId} on the view Slack shows now; {@code view} is what {@link
   * FakeSlackApi#view} or {@link FakeSlackApi#home} returns, with its id and hash. Slack sends only what a member
   * can press, so the button is looked up in the view (an {@link AssertionError} when it has none), and its block,
   * value and text are the view's.
   */
  public String press(String userId, JsonNode view, String actionId) {
    return press(userId, view, actionId, actionTs());
  }

  /** The same, with a chosen {@code action_ts} (to play one press delivered twice). */
  public String press(String userId, JsonNode view, String actionId, String actionTs) {
    Element button = element(view, actionId, "button");
    return viewAction(userId, view, pressed(button, actionTs));
  }

  /**
   * {@code text} typed into the view's text input with {@code actionId} and sent with Enter. Slack sends that only
   * from an input block with {@code dispatch_action} on, whose input dispatches on Enter, and only as much text as
   * the input's {@code max_length} lets a member type: anything else fails the test.
   */
  public String typedAndEntered(String userId, JsonNode view, String actionId, String text) {
    Element input = element(view, actionId, "plain_text_input");
    if (!input.block().path("dispatch_action").asBoolean(false)) {
      throw new AssertionError("Enter in input '" + actionId + "' sends nothing: its block has no dispatch_action: "
          + input.block());
    }
    JsonNode triggers = input.element().path("dispatch_action_config").path("trigger_actions_on");
    if (triggers.isArray() && !triggers.toString().contains("\"on_enter_pressed\"")) {
      throw new AssertionError("input '" + actionId + "' does not dispatch on Enter: " + triggers);
    }
    JsonNode maxLength = input.element().path("max_length");
    if (maxLength.isInt() && text.length() > maxLength.asInt()) {
      throw new AssertionError("a member cannot type " + text.length() + " characters into input '" + actionId
          + "' (max_length " + maxLength.asInt() + ")");
    }
    ObjectNode action = JsonNodeFactory.instance.objectNode();
    action.put("type", "plain_text_input");
    action.put("action_id", actionId);
    action.put("block_id", input.blockId());
    action.put("value", text);
    action.put("action_ts", actionTs());
    return viewAction(userId, view, action);
  }

  private String viewAction(String userId, JsonNode view, ObjectNode action) {
    ObjectNode root = base("block_actions", userId);
    root.put("trigger_id", api.newTriggerId());
    ObjectNode container = root.putObject("container");
    container.put("type", "view");
    container.put("view_id", view.path("id").asText());
    root.set("view", view.deepCopy());
    root.putArray("actions").add(action);
    return write(root);
  }

  /**
   * A button press on an ephemeral message the bot posted to a response_url ({@code message}: what {@link
   * FakeSlackApi#message} returns), in {@code channelId}. As Slack sends it for an ephemeral message: the container
   * says so, there is no {@code message} and no {@code view}, and the payload brings a new {@code response_url}
   * that can replace the pressed message. The button is looked up in the message, as {@link #press}.
   */
  public String pressOnMessage(String userId, String channelId, JsonNode message, String actionId) {
    Element button = element(message, actionId, "button");
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
    root.putArray("actions").add(pressed(button, actionTs()));
    return write(root);
  }

  /** An element of a view's or message's blocks, with its block and that block's id as Slack sends it. */
  private record Element(JsonNode block, JsonNode element, String blockId) {}

  private static Element element(JsonNode surface, String actionId, String type) {
    JsonNode blocks = surface.path("blocks");
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      // Slack gives a block without an id one of its own; any id stable for the block will do here.
      String blockId = block.hasNonNull("block_id") ? block.get("block_id").asText() : "slack-made-" + i;
      List<JsonNode> candidates = new ArrayList<>();
      block.path("elements").forEach(candidates::add);
      candidates.add(block.path("accessory"));
      candidates.add(block.path("element"));
      for (JsonNode element : candidates) {
        if (actionId.equals(element.path("action_id").asText(null))) {
          if (!type.equals(element.path("type").asText())) {
            throw new AssertionError("'" + actionId + "' is a " + element.path("type").asText() + ", not a " + type);
          }
          return new Element(block, element, blockId);
        }
      }
    }
    throw new AssertionError("Slack would not send this: no " + type + " '" + actionId + "' in " + blocks);
  }

  /** The action Slack sends for a pressed button: its id, block, value (when it has one) and text. */
  private static ObjectNode pressed(Element button, String actionTs) {
    ObjectNode action = JsonNodeFactory.instance.objectNode();
    action.put("type", "button");
    action.put("action_id", button.element().path("action_id").asText());
    action.put("block_id", button.blockId());
    if (button.element().has("value")) {
      action.put("value", button.element().path("value").asText());
    }
    action.put("action_ts", actionTs);
    action.set("text", button.element().path("text").deepCopy());
    return action;
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
