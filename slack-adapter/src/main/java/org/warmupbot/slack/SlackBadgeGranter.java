package org.warmupbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.ResultStore;

/**
 * Gives a Slack member a pack's badge by adding them to the pack's user group ({@code
 * TenantSettings#badgeGroup(packId)}). {@code usergroups.users.update} replaces the whole member list, so the
 * granter reads the list first and writes it back with the member added; grants to one group are serialised in
 * this process so two badges earned at once do not drop each other.
 *
 * <p>Slack's refusals an admin can fix (a missing scope, a free plan without user groups, a group that does not
 * exist, a token that cannot manage groups) come back as {@link GrantStatus.Pending} with the fix in words; the
 * core keeps the badge and App Home shows admins why. Answers that only need a retry later (Slack's rate limit, HTTP
 * 429 with its {@code Retry-After}; a 5xx status; Slack's {@code internal_error} and kin; an unreachable Slack) are
 * {@link GrantStatus.Pending#tryAgainLater}: the core retries them by itself a few times, then waits for an admin.
 * Nothing is retried here. Thread-safe; blocks on the Web API.
 */
public final class SlackBadgeGranter implements BadgeGranter {
  private static final Logger log = LoggerFactory.getLogger(SlackBadgeGranter.class);

  // What an admin does about a grant Slack could not take just now.
  private static final String RETRY = "nothing to change: in a minute, an admin can retry pending badges from App"
      + " Home or with `/warmup admin retry-badges`";

  private final MethodsClient client;
  private final ResultStore store;
  private final ConcurrentHashMap<String, Object> groupLocks = new ConcurrentHashMap<>();

  /**
   * @param client a Web API client holding the bot token (scopes {@code usergroups:read}, {@code
   *     usergroups:write})
   * @param store where the workspace's badge groups are set
   */
  public SlackBadgeGranter(MethodsClient client, ResultStore store) {
    this.client = client;
    this.store = store;
  }

  @Override
  public GrantStatus grant(Player player, ChallengePack pack) {
    if (player.platform() != Platform.SLACK) {
      return new GrantStatus.Failed("not a Slack member: " + player.platform().label());
    }
    Optional<String> group = store.settings(player.tenantKey()).badgeGroup(pack.id());
    if (group.isEmpty()) {
      return new GrantStatus.Pending(
          "no user group is set for the \"" + pack.badge().name() + "\" badge",
          "create a user group (e.g. @" + pack.id() + "-masters), then run `/warmup admin badge-group " + pack.id()
              + " @" + pack.id() + "-masters`");
    }
    return addToGroup(group.get(), List.of(player.userId()), player.userId());
  }

  /**
   * One read and one write of the group for all the holders: given again one by one, a class of them would meet
   * Slack's Tier 2 limit (about 20 calls a minute) and most would be refused.
   */
  @Override
  public Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack pack) {
    if (holders.isEmpty()) {
      return Map.of();
    }
    Optional<String> group = store.settings(holders.get(0).tenantKey()).badgeGroup(pack.id());
    List<String> userIds = holders.stream().map(Player::userId).toList();
    GrantStatus status = group.isEmpty() ? grant(holders.get(0), pack) // says no group is set, and what to do
        : addToGroup(group.get(), userIds, userIds.size() + " badge holders");
    Map<Player, GrantStatus> answers = new LinkedHashMap<>();
    holders.forEach(holder -> answers.put(holder, status));
    return answers;
  }

  /** Adds members to a group, keeping those in it; {@code who} names them in logs. */
  private GrantStatus addToGroup(String groupId, List<String> userIds, String who) {
    synchronized (groupLocks.computeIfAbsent(groupId, id -> new Object())) {
      try {
        UsergroupsUsersListResponse list = client.usergroupsUsersList(r -> r.usergroup(groupId));
        if (!list.isOk()) {
          return refused(list, groupId);
        }
        List<String> members = new ArrayList<>(list.getUsers() == null ? List.of() : list.getUsers());
        int before = members.size();
        userIds.stream().filter(id -> !members.contains(id)).forEach(members::add);
        if (members.size() == before) {
          return new GrantStatus.Granted();
        }
        SlackApiTextResponse update =
            client.usergroupsUsersUpdate(r -> r.usergroup(groupId).users(members));
        if (!update.isOk()) {
          return refused(update, groupId);
        }
        return new GrantStatus.Granted();
      } catch (SlackApiException e) {
        return httpError(e, who, groupId);
      } catch (IOException e) {
        log.warn("Could not reach Slack to add {} to user group {}: {}", who, groupId, e.toString());
        return GrantStatus.Pending.tryAgainLater(
            "Slack could not be reached (" + e.getClass().getSimpleName() + ")", RETRY, null);
      }
    }
  }

  /**
   * Slack answered with an HTTP error status, which the SDK throws: a 429 is Slack's rate limit (with its {@code
   * Retry-After}), anything else is named by its status. A 429 or a 5xx is worth a retry later; another status
   * (a proxy's 403, say) waits for an admin.
   */
  static GrantStatus httpError(SlackApiException e, String who, String groupId) {
    int code = e.getResponse().code();
    if (code == 429) {
      String after = RateLimits.waitNote(e.getResponse().header("Retry-After"));
      log.warn("Slack rate-limited adding {} to user group {}{}", who, groupId, after);
      return GrantStatus.Pending.tryAgainLater("Slack rate-limited the request" + after, RETRY,
          RateLimits.retryAfter(e.getResponse().header("Retry-After")));
    }
    log.warn("Slack answered HTTP {} to adding {} to user group {}", code, who, groupId);
    String reason = "Slack answered HTTP " + code;
    return code >= 500 ? GrantStatus.Pending.tryAgainLater(reason, RETRY, null)
        : new GrantStatus.Pending(reason, "check what stands between the bot and Slack (a proxy?)");
  }

  /** Says why Slack refused, and what an admin does about it. */
  static GrantStatus refused(SlackApiTextResponse response, String groupId) {
    String error = response.getError() == null ? "unknown_error" : response.getError();
    log.info("Slack refused a badge grant to user group {}: {}", groupId, error);
    return switch (error) {
      case "missing_scope" -> new GrantStatus.Pending(
          "the app lacks the " + orElse(response.getNeeded(), "usergroups:read/usergroups:write") + " scope",
          "add usergroups:read and usergroups:write to the app's bot scopes (see config/slack-app-manifest.yml)"
              + " and reinstall it to the workspace");
      case "paid_teams_only", "plan_upgrade_required", "team_not_paid" -> new GrantStatus.Pending(
          "user groups need a paid Slack plan",
          "upgrade the workspace, or keep badges in App Home only (they are recorded either way)");
      case "not_allowed_token_type", "no_permission", "permission_denied", "restricted_action" ->
          new GrantStatus.Pending(
              "Slack does not let the app change user group " + groupId + " (" + error + ")",
              "in workspace settings, allow apps or everyone to manage user groups, and check the bot token is"
                  + " an xoxb- token");
      case "no_such_subteam", "subteam_not_found", "invalid_usergroup" -> new GrantStatus.Pending(
          "user group " + groupId + " does not exist",
          "create the user group, then name it with `/warmup admin badge-group <pack> @group`");
      case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive" ->
          new GrantStatus.Pending(
              "the bot token was refused (" + error + ")", "reinstall the app and update SLACK_BOT_TOKEN");
      case "user_not_found", "invalid_users", "user_is_deactivated", "failed_for_some_users" -> new GrantStatus.Failed(
          "the member is no longer in the workspace (" + error + ")");
      case "ratelimited" -> GrantStatus.Pending.tryAgainLater("Slack rate-limited the request", RETRY, null);
      case "internal_error", "fatal_error", "service_unavailable", "request_timeout" ->
          GrantStatus.Pending.tryAgainLater(
              "Slack refused to update user group " + groupId + " for now (" + error + ")", RETRY, null);
      default -> new GrantStatus.Pending(
          "Slack refused to update user group " + groupId + " (" + error + ")",
          "check the app's scopes and the user group in Slack");
    };
  }

  private static String orElse(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
