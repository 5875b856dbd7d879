package org.warmupbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.player.Player;

/**
 * Asks Slack ({@code users.info}, scope {@code users:read}) whether a member is a workspace admin or owner, and
 * tells "no" apart from "could not tell": a missing scope, a rate limit or an unreachable Slack must not turn a real
 * admin into a member. Each cause of a failed check is logged at WARN the first time, at DEBUG after that until a
 * check succeeds again (a missing scope fails every check until the app is reinstalled). Thread-safe; blocks on the
 * Web API.
 */
final class WorkspaceAdmins {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceAdmins.class);

  /** What Slack said about a member. */
  sealed interface Answer {
    default boolean admin() {
      return this instanceof Admin;
    }
  }

  /** A workspace admin, owner or primary owner. */
  record Admin() implements Answer {}

  /** Anyone else. */
  record Member() implements Answer {}

  /** Slack did not say; {@code problem} is what it said instead and what to do, a sentence for the member. */
  record Unknown(String problem) implements Answer {
    Unknown {
      if (problem == null || problem.isBlank()) {
        throw new IllegalArgumentException("problem must be set");
      }
    }
  }

  private final MethodsClient client;
  private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();

  WorkspaceAdmins(MethodsClient client) {
    this.client = client;
  }

  /** Asks Slack about {@code player}; never throws. */
  Answer check(Player player) {
    try {
      UsersInfoResponse info = client.usersInfo(r -> r.user(player.userId()));
      if (!info.isOk()) {
        String error = info.getError() == null ? "unknown_error" : info.getError();
        return unknown(player, error, "missing_scope".equals(error)
            ? "Slack said missing_scope (the app needs the users:read scope: add it to the app's bot scopes, see"
                + " config/slack-app-manifest.yml, and reinstall the app)."
            : "Slack said " + error + ". Try again in a minute; if it keeps happening, check that the app has the"
                + " users:read scope and a valid bot token.");
      }
      User user = info.getUser();
      if (user == null) {
        return unknown(player, "no_user", "Slack's answer named no user. Try again in a minute.");
      }
      if (!loggedCauses.isEmpty()) {
        loggedCauses.clear(); // Slack answers again: the next failure is news
      }
      return user.isAdmin() || user.isOwner() || user.isPrimaryOwner() ? new Admin() : new Member();
    } catch (SlackApiException e) {
      int code = e.getResponse().code();
      if (code == 429) {
        return unknown(player, "http_429", "Slack rate-limited the check"
            + RateLimits.waitNote(e.getResponse().header("Retry-After")) + ". Please try again in a minute.");
      }
      return unknown(player, "http_" + code, "Slack answered HTTP " + code + ". Please try again in a minute.");
    } catch (IOException e) {
      return unknown(player, e.getClass().getSimpleName(),
          "Slack could not be reached (" + e.getClass().getSimpleName() + "). Please try again in a minute.");
    }
  }

  private Unknown unknown(Player player, String cause, String problem) {
    if (loggedCauses.add(cause)) {
      log.warn("Could not check whether {} is a workspace admin ({}): {} Admin commands are refused and App Home"
          + " shows the member view until Slack answers; logged once per cause until a check succeeds.", player,
          cause, problem);
    } else {
      log.debug("Could not check whether {} is a workspace admin ({})", player, cause);
    }
    return new Unknown(problem);
  }
}
