package org.warmupbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
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

  /** Slack refused a list of holders for a member in it and would not say which: the admin adds them by hand. */
  static final GrantStatus.Pending LIST_REFUSED = new GrantStatus.Pending("Slack refused the list, likely for a"
      + " member who left the workspace, and named nobody", "add those still in the workspace to the group in Slack");

  private final MethodsClient client;
  private final ResultStore store;
  private final ConcurrentHashMap<String, Object> groupLocks = new ConcurrentHashMap<>();

  /**
   * @param client a Web API client holding the bot token (scopes {@code usergroups:read}, {@code
   *     usergroups:write}, and {@code users:read} to find a holder who left)
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
    return addToGroup(group.get(), List.of(player.userId()), player.userId()).get(player.userId());
  }

  /**
   * One read and one write of the group for all the holders: given again one by one, a class of them would meet
   * Slack's Tier 2 limit (about 20 calls a minute) and most would be refused. When Slack refuses the list for a
   * member in it (one who left, likely), each new member is looked up and the others are added in a second write.
   */
  @Override
  public Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack pack) {
    if (holders.isEmpty()) {
      return Map.of();
    }
    Optional<String> group = store.settings(holders.get(0).tenantKey()).badgeGroup(pack.id());
    Map<Player, GrantStatus> answers = new LinkedHashMap<>();
    if (group.isEmpty()) {
      GrantStatus noGroup = grant(holders.get(0), pack); // says no group is set, and what to do
      holders.forEach(holder -> answers.put(holder, noGroup));
      return answers;
    }
    Map<String, GrantStatus> byUser =
        addToGroup(group.get(), holders.stream().map(Player::userId).toList(), holders.size() + " badge holders");
    holders.forEach(holder -> answers.put(holder, byUser.get(holder.userId())));
    return answers;
  }

  /**
   * Adds members to a group, keeping those in it, and answers for each of them; {@code who} names them in logs.
   */
  private Map<String, GrantStatus> addToGroup(String groupId, List<String> userIds, String who) {
    synchronized (groupLocks.computeIfAbsent(groupId, id -> new Object())) {
      Map<String, GrantStatus> answers = new LinkedHashMap<>();
      List<String> members;
      try {
        UsergroupsUsersListResponse list = client.usergroupsUsersList(r -> r.usergroup(groupId));
        if (!list.isOk()) {
          GrantStatus refused = refused(list, groupId);
          userIds.forEach(id -> answers.put(id, refused));
          return answers;
        }
        members = list.getUsers() == null ? List.of() : list.getUsers();
      } catch (SlackApiException | IOException e) {
        GrantStatus failed = failedCall(e, who, groupId);
        userIds.forEach(id -> answers.put(id, failed));
        return answers;
      }
      List<String> joining = userIds.stream().distinct().filter(id -> !members.contains(id)).toList();
      userIds.forEach(id -> answers.put(id, new GrantStatus.Granted()));
      GrantStatus status = joining.isEmpty() ? new GrantStatus.Granted() : update(groupId, members, joining, who);
      if (status instanceof GrantStatus.Failed && joining.size() > 1) {
        // Slack refused the whole list for a member in it and names none: ask about each, and add the others.
        Map<String, GrantStatus> gone = notInTheWorkspace(joining);
        answers.putAll(gone);
        joining = joining.stream().filter(id -> !gone.containsKey(id)).toList();
        if (!gone.isEmpty() && !joining.isEmpty()) {
          status = update(groupId, members, joining, who);
        }
        if (status instanceof GrantStatus.Failed) { // still refused, and Slack would not say for whom
          status = LIST_REFUSED;
        }
      }
      for (String id : joining) {
        answers.put(id, status);
      }
      return answers;
    }
  }

  /** Writes the group's list: {@code members} as they are, and {@code joining}. */
  private GrantStatus update(String groupId, List<String> members, List<String> joining, String who) {
    List<String> list = new ArrayList<>(members);
    list.addAll(joining);
    try {
      SlackApiTextResponse update = client.usergroupsUsersUpdate(r -> r.usergroup(groupId).users(list));
      return update.isOk() ? new GrantStatus.Granted() : refused(update, groupId);
    } catch (SlackApiException | IOException e) {
      return failedCall(e, who, groupId);
    }
  }

  /**
   * Those of {@code userIds} Slack says left the workspace (deactivated) or are not in it, with why. A member
   * Slack does not answer for (a rate limit, say) is not among them: nobody is left out on a guess.
   */
  private Map<String, GrantStatus> notInTheWorkspace(List<String> userIds) {
    Map<String, GrantStatus> gone = new LinkedHashMap<>();
    for (String userId : userIds) {
      try {
        UsersInfoResponse info = client.usersInfo(r -> r.user(userId));
        if (info.isOk() && info.getUser() != null && info.getUser().isDeleted()) {
          gone.put(userId, new GrantStatus.Failed("left the workspace (Slack: deactivated)"));
        } else if (!info.isOk() && "user_not_found".equals(info.getError())) {
          gone.put(userId, new GrantStatus.Failed("not in the workspace (Slack: user_not_found)"));
        }
      } catch (SlackApiException | IOException e) {
        log.info("Could not ask Slack whether {} is still in the workspace: {}", userId, e.toString());
      }
    }
    return gone;
  }

  /** A Web API call that did not come back with Slack's answer. */
  private static GrantStatus failedCall(Exception e, String who, String groupId) {
    if (e instanceof SlackApiException) {
      return httpError((SlackApiException) e, who, groupId);
    }
    log.warn("Could not reach Slack to add {} to user group {}: {}", who, groupId, e.toString());
    return GrantStatus.Pending.tryAgainLater(
        "Slack could not be reached (" + e.getClass().getSimpleName() + ")", RETRY, null);
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
