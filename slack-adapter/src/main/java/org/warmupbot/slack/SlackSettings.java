package org.warmupbot.slack;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the Slack adapter connects. Tokens and the signing secret come from the environment and never appear in
 * {@link #toString()} or in logs.
 *
 * @param mode Socket Mode (the default; needs {@code appToken}) or HTTP (needs {@code signingSecret})
 * @param botToken the bot token ({@code xoxb-...}) for the Web API
 * @param appToken the app-level token ({@code xapp-...}) with {@code connections:write}, for Socket Mode
 * @param signingSecret the app's signing secret, for HTTP mode; every request's signature is checked with it
 * @param bindAddress the address the HTTP endpoint listens on (HTTP mode)
 * @param port the HTTP port (HTTP mode); 0 picks a free one, see {@link SlackBot#httpPort()}
 * @param path the HTTP path Slack posts to (HTTP mode), e.g. {@code /slack/events}
 * @param apiUrl the Web API base, e.g. {@code https://slack.com/api/} (GovSlack: {@code https://slack-gov.com/api/})
 * @param defaultPackId the pack a shortcut or a bare {@code /warmup} opens; null means the catalog's first
 */
public record SlackSettings(
    Mode mode,
    String botToken,
    @Nullable String appToken,
    @Nullable String signingSecret,
    String bindAddress,
    int port,
    String path,
    String apiUrl,
    @Nullable String defaultPackId) {

  /** How Slack reaches the bot. */
  public enum Mode {
    /** The bot dials out over a WebSocket: no public URL needed. */
    SOCKET,
    /** Slack posts signed requests to a public HTTPS URL in front of this bot. */
    HTTP
  }

  public static final String DEFAULT_API_URL = "https://slack.com/api/";

  public SlackSettings {
    if (mode == null) {
      throw new IllegalArgumentException("mode must be SOCKET or HTTP");
    }
    if (botToken == null || botToken.isBlank()) {
      throw new IllegalArgumentException("botToken must be set (SLACK_BOT_TOKEN, xoxb-...)");
    }
    if (mode == Mode.SOCKET && (appToken == null || appToken.isBlank())) {
      throw new IllegalArgumentException(
          "appToken must be set for Socket Mode (SLACK_APP_TOKEN, xapp-..., scope connections:write)");
    }
    if (mode == Mode.HTTP && (signingSecret == null || signingSecret.isBlank())) {
      throw new IllegalArgumentException("signingSecret must be set for HTTP mode (SLACK_SIGNING_SECRET)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must lie between 0 and 65535, not " + port);
    }
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("bindAddress must not be blank");
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', not " + path);
    }
    if (apiUrl == null || !apiUrl.endsWith("/")) {
      throw new IllegalArgumentException("apiUrl must end with '/', e.g. " + DEFAULT_API_URL + ", not " + apiUrl);
    }
    String scheme = URI.create(apiUrl).getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("apiUrl must be an http(s) URL, not " + apiUrl);
    }
  }

  /** Socket Mode with Slack's public API. */
  public static SlackSettings socketMode(String botToken, String appToken) {
    return new SlackSettings(Mode.SOCKET, botToken, appToken, null, "0.0.0.0", 3000, "/slack/events",
        DEFAULT_API_URL, null);
  }

  /** HTTP mode on {@code port} at {@code /slack/events}, with Slack's public API. */
  public static SlackSettings http(String botToken, String signingSecret, int port) {
    return new SlackSettings(Mode.HTTP, botToken, null, signingSecret, "0.0.0.0", port, "/slack/events",
        DEFAULT_API_URL, null);
  }

  /**
   * Reads {@code SLACK_BOT_TOKEN}, {@code SLACK_APP_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code SLACK_MODE}
   * ({@code socket} or {@code http}; default socket, or http when only a signing secret is given), {@code
   * SLACK_BIND} ({@code 0.0.0.0}), {@code SLACK_PORT} ({@code 3000}), {@code SLACK_PATH} ({@code /slack/events}),
   * {@code SLACK_API_URL} and {@code SLACK_DEFAULT_PACK}.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong
   */
  public static SlackSettings fromEnvironment(Map<String, String> env) {
    String appToken = blankToNull(env.get("SLACK_APP_TOKEN"));
    String secret = blankToNull(env.get("SLACK_SIGNING_SECRET"));
    String modeName = blankToNull(env.get("SLACK_MODE"));
    Mode mode;
    if (modeName == null) {
      mode = appToken == null && secret != null ? Mode.HTTP : Mode.SOCKET;
    } else {
      try {
        mode = Mode.valueOf(modeName.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SLACK_MODE must be socket or http, not " + modeName, e);
      }
    }
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault("SLACK_PORT", "3000").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLACK_PORT must be a number, not " + env.get("SLACK_PORT"), e);
    }
    String api = env.getOrDefault("SLACK_API_URL", DEFAULT_API_URL).trim();
    return new SlackSettings(
        mode,
        env.getOrDefault("SLACK_BOT_TOKEN", ""),
        appToken,
        secret,
        env.getOrDefault("SLACK_BIND", "0.0.0.0"),
        port,
        env.getOrDefault("SLACK_PATH", "/slack/events"),
        api.endsWith("/") ? api : api + "/",
        blankToNull(env.get("SLACK_DEFAULT_PACK")));
  }

  public SlackSettings withApiUrl(String url) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bindAddress, port, path, url, defaultPackId);
  }

  public SlackSettings withHttp(String bind, int httpPort, String httpPath) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bind, httpPort, httpPath, apiUrl,
        defaultPackId);
  }

  public SlackSettings withDefaultPack(@Nullable String packId) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bindAddress, port, path, apiUrl, packId);
  }

  /** Names the settings without their secrets. */
  @Override
  public String toString() {
    return "SlackSettings[mode=" + mode + ", botToken=" + mask(botToken) + ", appToken=" + mask(appToken)
        + ", signingSecret=" + (signingSecret == null ? "unset" : "***") + ", bind=" + bindAddress + ":" + port
        + path + ", apiUrl=" + apiUrl + ", defaultPackId=" + defaultPackId + "]";
  }

  private static String mask(@Nullable String token) {
    if (token == null) {
      return "unset";
    }
    int dash = token.indexOf('-');
    return (dash > 0 && dash < 6 ? token.substring(0, dash + 1) : "") + "***";
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
