package org.warmupbot.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a challenge modal remembers in its {@code private_metadata} (at most 3000 characters, here well under
 * 200): who owns the session, where the challenge was started (for the badge announcement), which pack, and
 * whether the member started it from App Home (whose tab they return to when the modal closes).
 *
 * @param ownerId the member whose session the modal shows; presses by anyone else are refused
 * @param channelId the channel the shortcut or command was used in, or null (global shortcut, App Home)
 * @param fromHome started with App Home's Start button: the tab is republished when the run ends
 */
record ModalMetadata(String ownerId, @Nullable String channelId, String packId, boolean fromHome) {
  private static final Gson GSON = new Gson();
  static final int MAX_LENGTH = 3000;

  ModalMetadata {
    if (ownerId == null || ownerId.isBlank()) {
      throw new IllegalArgumentException("ownerId must not be blank");
    }
    if (packId == null || packId.isBlank()) {
      throw new IllegalArgumentException("packId must not be blank");
    }
  }

  String encode() {
    JsonObject json = new JsonObject();
    json.addProperty("u", ownerId);
    if (channelId != null) {
      json.addProperty("c", channelId);
    }
    json.addProperty("p", packId);
    if (fromHome) {
      json.addProperty("h", true);
    }
    String text = GSON.toJson(json);
    if (text.length() > MAX_LENGTH) {
      throw new IllegalStateException("private_metadata would exceed Slack's 3000 characters");
    }
    return text;
  }

  /** Reads metadata back; empty for anything this adapter did not write (another app's view, tampering). */
  static Optional<ModalMetadata> decode(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonObject json = GSON.fromJson(text, JsonObject.class);
      if (json == null || !json.has("u") || !json.has("p")) {
        return Optional.empty();
      }
      String channel = json.has("c") ? json.get("c").getAsString() : null;
      boolean fromHome = json.has("h") && json.get("h").getAsBoolean();
      return Optional.of(
          new ModalMetadata(json.get("u").getAsString(), channel, json.get("p").getAsString(), fromHome));
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
