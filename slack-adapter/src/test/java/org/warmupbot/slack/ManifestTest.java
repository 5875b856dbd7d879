package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app manifest an admin pastes into Slack asks for exactly what the code handles. */
final class ManifestTest {

  @Test
  void manifest_declaresTheShortcutsCommandScopesAndEventTheCodeHandles() throws Exception {
    Path manifest = Path.of("..", "config", "slack-app-manifest.yml");
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(manifest));

    List<String> callbacks = new ArrayList<>();
    root.path("features").path("shortcuts").forEach(s -> callbacks.add(s.path("type").asText() + ":"
        + s.path("callback_id").asText()));
    assertThat(callbacks).containsExactlyInAnyOrder("global:" + ChallengeFlow.SHORTCUT_CALLBACK,
        "message:" + ChallengeFlow.MESSAGE_SHORTCUT_CALLBACK);
    root.path("features").path("shortcuts").forEach(s -> assertThat(s.path("name").asText()).hasSizeLessThan(25));
    assertThat(root.path("features").path("slash_commands").get(0).path("command").asText())
        .isEqualTo(ChallengeFlow.COMMAND);
    List<String> scopes = new ArrayList<>();
    root.path("oauth_config").path("scopes").path("bot").forEach(s -> scopes.add(s.asText()));
    assertThat(scopes).contains("commands", "chat:write", "usergroups:read", "usergroups:write", "users:read");
    assertThat(root.path("settings").path("event_subscriptions").path("bot_events").get(0).asText())
        .isEqualTo("app_home_opened");
    assertThat(root.path("settings").path("socket_mode_enabled").asBoolean()).isTrue();
    assertThat(root.path("settings").path("interactivity").path("is_enabled").asBoolean()).isTrue();
    assertThat(root.path("features").path("app_home").path("home_tab_enabled").asBoolean()).isTrue();
  }
}
