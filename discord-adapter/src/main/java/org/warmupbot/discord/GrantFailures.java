package org.warmupbot.discord;

import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.HierarchyException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.warmupbot.core.port.GrantStatus;

/**
 * What a failed role grant means for an admin: {@link GrantStatus.Pending} with the fix when an admin can
 * act, {@link GrantStatus.Failed} when nobody can (the member left, the bot was removed). A refusal that may pass
 * later unchanged (Discord unreachable or failing with a 5xx, the bot not connected to the server just now) is
 * {@link GrantStatus.Pending#tryAgainLater}: the core retries it by itself first. (Discord's rate limit never
 * shows here: JDA waits it out.)
 */
final class GrantFailures {
  private GrantFailures() {}

  static GrantStatus.Pending noRoleSet(String packId) {
    return new GrantStatus.Pending(
        "no badge role is set for pack " + packId,
        "set one with /warmup-admin badge-role pack:" + packId + " (members waiting for it get it then)");
  }

  static GrantStatus.Pending roleDeleted(String roleId) {
    return new GrantStatus.Pending(
        "the badge role (" + roleId + ") no longer exists",
        "pick or create a role again with /warmup-admin badge-role (members waiting for it get it then)");
  }

  static GrantStatus.Pending botNotInServer() {
    return GrantStatus.Pending.tryAgainLater(
        "the bot is not connected to this server right now",
        "check the bot is online and still in the server, then /warmup-admin retry", null);
  }

  static GrantStatus classify(Throwable error, String roleName) {
    if (error instanceof InsufficientPermissionException) {
      return missingManageRoles();
    }
    if (error instanceof HierarchyException) {
      return new GrantStatus.Pending(
          "the role " + roleName + " sits at or above the bot's highest role",
          "in Server Settings → Roles, drag the bot's role above " + roleName + ", then /warmup-admin retry");
    }
    if (error instanceof ErrorResponseException response) {
      ErrorResponse code = response.getErrorResponse();
      if (code == ErrorResponse.MISSING_PERMISSIONS || code == ErrorResponse.MISSING_ACCESS) {
        return missingManageRoles();
      }
      if (code == ErrorResponse.UNKNOWN_ROLE) {
        return roleDeleted(roleName);
      }
      if (code == ErrorResponse.UNKNOWN_MEMBER || code == ErrorResponse.UNKNOWN_USER) {
        return new GrantStatus.Failed("the member is no longer in the server");
      }
      if (code == ErrorResponse.UNKNOWN_GUILD) {
        return new GrantStatus.Failed("the bot is no longer in the server");
      }
      if (response.isServerError()) {
        return GrantStatus.Pending.tryAgainLater(
            "Discord refused the role (" + response.getErrorCode() + ": " + response.getMeaning() + ")",
            "try again later with /warmup-admin retry", null);
      }
      return new GrantStatus.Pending(
          "Discord refused the role (" + response.getErrorCode() + ": " + response.getMeaning() + ")",
          "try again later with /warmup-admin retry");
    }
    return GrantStatus.Pending.tryAgainLater(
        "Discord could not be reached (" + error.getClass().getSimpleName() + ")",
        "try again later with /warmup-admin retry", null);
  }

  private static GrantStatus.Pending missingManageRoles() {
    return new GrantStatus.Pending(
        "the bot lacks the Manage Roles permission",
        "in Server Settings → Roles, give the bot's role Manage Roles, then /warmup-admin retry");
  }
}
