package org.warmupbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Block Kit limits Slack enforces and its SDK does not, checked on a view or message as JSON. Returns the
 * problems in Slack's words (an empty list means Slack would accept it), so a refused request says which field
 * broke which rule.
 */
public final class BlockKitLimits {

  /** Where blocks are shown; each surface has its own block budget. */
  public enum Surface {
    MODAL(100),
    HOME(100),
    MESSAGE(50);

    final int maxBlocks;

    Surface(int maxBlocks) {
      this.maxBlocks = maxBlocks;
    }
  }

  private BlockKitLimits() {}

  /** Checks a whole view (modal or home tab): its blocks plus the view-level fields. */
  public static List<String> checkView(JsonNode view) {
    List<String> problems = new ArrayList<>();
    String type = view.path("type").asText();
    Surface surface;
    if ("modal".equals(type)) {
      surface = Surface.MODAL;
    } else if ("home".equals(type)) {
      surface = Surface.HOME;
    } else {
      problems.add("view.type must be modal or home, not '" + type + "'");
      return problems;
    }
    if (surface == Surface.MODAL) {
      if (!view.hasNonNull("title")) {
        problems.add("view.title is required for a modal");
      }
      plainText(view.path("title"), "view.title", 24, problems);
      plainText(view.path("submit"), "view.submit", 24, problems);
      plainText(view.path("close"), "view.close", 24, problems);
      boolean hasInput = false;
      for (JsonNode block : view.path("blocks")) {
        hasInput |= "input".equals(block.path("type").asText());
      }
      if (hasInput && !view.hasNonNull("submit")) {
        problems.add("view.submit is required when a modal has input blocks");
      }
    }
    max(view.path("private_metadata").asText(""), 3000, "view.private_metadata", problems);
    max(view.path("callback_id").asText(""), 255, "view.callback_id", problems);
    max(view.path("external_id").asText(""), 255, "view.external_id", problems);
    problems.addAll(checkBlocks(view.path("blocks"), surface, "view.blocks"));
    return problems;
  }

  /** Checks a list of blocks for the given surface. */
  public static List<String> checkBlocks(JsonNode blocks, Surface surface, String where) {
    List<String> problems = new ArrayList<>();
    if (blocks.isMissingNode() || blocks.isNull()) {
      return problems;
    }
    if (!blocks.isArray()) {
      problems.add(where + " must be an array");
      return problems;
    }
    if (blocks.size() > surface.maxBlocks) {
      problems.add(where + " must be no more than " + surface.maxBlocks + " items, not " + blocks.size());
    }
    Set<String> actionIds = new HashSet<>();
    Set<String> blockIds = new HashSet<>();
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String at = where + "[" + i + "]";
      String blockId = block.path("block_id").asText("");
      max(blockId, 255, at + ".block_id", problems);
      if (!blockId.isEmpty() && !blockIds.add(blockId)) {
        problems.add(at + ".block_id '" + blockId + "' is used twice");
      }
      switch (block.path("type").asText()) {
        case "section" -> {
          if (!block.hasNonNull("text") && !block.hasNonNull("fields")) {
            problems.add(at + " needs text or fields");
          }
          text(block.path("text"), at + ".text", 3000, problems);
          JsonNode fields = block.path("fields");
          if (fields.size() > 10) {
            problems.add(at + ".fields must be no more than 10 items");
          }
          for (int f = 0; f < fields.size(); f++) {
            text(fields.get(f), at + ".fields[" + f + "]", 2000, problems);
          }
          element(block.path("accessory"), at + ".accessory", actionIds, problems);
        }
        case "header" -> plainText(block.path("text"), at + ".text", 150, problems);
        case "context" -> {
          JsonNode elements = block.path("elements");
          if (elements.isEmpty() || elements.size() > 10) {
            problems.add(at + ".elements must hold 1 to 10 items, not " + elements.size());
          }
          for (int e = 0; e < elements.size(); e++) {
            text(elements.get(e), at + ".elements[" + e + "]", 3000, problems);
          }
        }
        case "actions" -> {
          JsonNode elements = block.path("elements");
          if (elements.isEmpty() || elements.size() > 25) {
            problems.add(at + ".elements must hold 1 to 25 items, not " + elements.size());
          }
          for (int e = 0; e < elements.size(); e++) {
            element(elements.get(e), at + ".elements[" + e + "]", actionIds, problems);
          }
        }
        case "input" -> {
          if (surface == Surface.MESSAGE) {
            problems.add(at + ": input blocks are not allowed in messages");
          }
          plainText(block.path("label"), at + ".label", 2000, problems);
          plainText(block.path("hint"), at + ".hint", 2000, problems);
          element(block.path("element"), at + ".element", actionIds, problems);
        }
        case "divider" -> {}
        default -> problems.add(at + ".type '" + block.path("type").asText() + "' is not known to this fake");
      }
    }
    return problems;
  }

  private static void element(JsonNode element, String at, Set<String> actionIds, List<String> problems) {
    if (element.isMissingNode() || element.isNull()) {
      return;
    }
    String actionId = element.path("action_id").asText("");
    max(actionId, 255, at + ".action_id", problems);
    if (!actionId.isEmpty() && !actionIds.add(actionId)) {
      problems.add(at + ".action_id '" + actionId + "' is used twice in one view");
    }
    switch (element.path("type").asText()) {
      case "button" -> {
        plainText(element.path("text"), at + ".text", 75, problems);
        max(element.path("value").asText(""), 2000, at + ".value", problems);
        max(element.path("url").asText(""), 3000, at + ".url", problems);
      }
      case "plain_text_input" -> {
        plainText(element.path("placeholder"), at + ".placeholder", 150, problems);
        max(element.path("initial_value").asText(""), 3000, at + ".initial_value", problems);
      }
      default -> problems.add(at + ".type '" + element.path("type").asText() + "' is not known to this fake");
    }
  }

  private static void plainText(JsonNode text, String at, int limit, List<String> problems) {
    if (text.isMissingNode() || text.isNull()) {
      return;
    }
    if (!"plain_text".equals(text.path("type").asText())) {
      problems.add(at + " must be plain_text");
    }
    String value = text.path("text").asText("");
    if (value.isEmpty()) {
      problems.add(at + ".text must not be empty");
    }
    max(value, limit, at + ".text", problems);
  }

  private static void text(JsonNode text, String at, int limit, List<String> problems) {
    if (text.isMissingNode() || text.isNull()) {
      return;
    }
    String type = text.path("type").asText();
    if (!"plain_text".equals(type) && !"mrkdwn".equals(type)) {
      problems.add(at + ".type must be plain_text or mrkdwn");
    }
    String value = text.path("text").asText("");
    if (value.isEmpty()) {
      problems.add(at + ".text must not be empty");
    }
    max(value, limit, at + ".text", problems);
  }

  private static void max(String value, int limit, String at, List<String> problems) {
    if (value.length() > limit) {
      problems.add(at + " must be no longer than " + limit + " characters, not " + value.length());
    }
  }
}
