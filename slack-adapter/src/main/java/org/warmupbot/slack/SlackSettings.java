package org.warmupbot.slack;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * How the Slack adapter connects (the launcher reads them from its settings). Tokens and the signing secret never
 * appear in {@link #toString()} or in logs.
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
 * @param webApiCalls how many modal and App Home calls may be in flight at once (one member's calls always go in
 *     order, one at a time); Web API calls wait on the network, so this bounds the rate at about {@code
 *     webApiCalls} ÷ Slack's round trip: 16 at 100 ms is ~160 presses a second
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
    @Nullable String defaultPackId,
    int webApiCalls) {

  /** How Slack reaches the bot. */
  public enum Mode {
    /** The bot dials out over a WebSocket: no public URL needed. */
    SOCKET,
    /** Slack posts signed requests to a public HTTPS URL in front of this bot. */
    HTTP
  }

  public static final String DEFAULT_API_URL = "https://slack.com/api/";
  public static final int DEFAULT_WEB_API_CALLS = 16;
  public static final int MAX_WEB_API_CALLS = 256;

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
    if (webApiCalls < 1 || webApiCalls > MAX_WEB_API_CALLS) {
      throw new IllegalArgumentException(
          "webApiCalls must lie between 1 and " + MAX_WEB_API_CALLS + ", not " + webApiCalls);
    }
    String scheme = URI.create(apiUrl).getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("apiUrl must be an http(s) URL, not " + apiUrl);
    }
  }

  /** Socket Mode with Slack's public API. */
  public static SlackSettings socketMode(String botToken, String appToken) {
    return new SlackSettings(Mode.SOCKET, botToken, appToken, null, "0.0.0.0", 3000, "/slack/events",
        DEFAULT_API_URL, null, DEFAULT_WEB_API_CALLS);
  }

  /** HTTP mode on {@code port} at {@code /slack/events}, with Slack's public API. */
  public static SlackSettings http(String botToken, String signingSecret, int port) {
    return new SlackSettings(Mode.HTTP, botToken, null, signingSecret, "0.0.0.0", port, "/slack/events",
        DEFAULT_API_URL, null, DEFAULT_WEB_API_CALLS);
  }

  public SlackSettings withApiUrl(String url) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bindAddress, port, path, url, defaultPackId,
        webApiCalls);
  }

  public SlackSettings withHttp(String bind, int httpPort, String httpPath) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bind, httpPort, httpPath, apiUrl,
        defaultPackId, webApiCalls);
  }

  public SlackSettings withDefaultPack(@Nullable String packId) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bindAddress, port, path, apiUrl, packId,
        webApiCalls);
  }

  public SlackSettings withWebApiCalls(int calls) {
    return new SlackSettings(mode, botToken, appToken, signingSecret, bindAddress, port, path, apiUrl, defaultPackId,
        calls);
  }

  /** Names the settings without their secrets. */
  @Override
  public String toString() {
    return "SlackSettings[mode=" + mode + ", botToken=" + mask(botToken) + ", appToken=" + mask(appToken)
        + ", signingSecret=" + (signingSecret == null ? "unset" : "***") + ", bind=" + bindAddress + ":" + port
        + path + ", apiUrl=" + apiUrl + ", defaultPackId=" + defaultPackId + ", webApiCalls=" + webApiCalls + "]";
  }

  private static String mask(@Nullable String token) {
    if (token == null) {
      return "unset";
    }
    int dash = token.indexOf('-');
    return (dash > 0 && dash < 6 ? token.substring(0, dash + 1) : "") + "***";
  }
}
