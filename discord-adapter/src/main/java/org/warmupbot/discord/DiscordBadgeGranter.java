package org.warmupbot.discord;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.UserSnowflake;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.ResultStore;

/**
 * Gives a pack's badge as the Discord role an admin chose ({@code TenantSettings.badgeGroup(packId)}). Blocks
 * on Discord (the core calls it off the interaction thread). Never throws for a Discord refusal: it maps it with
 * {@link GrantFailures} and tells the member privately, when it still can, that the role is on its way; not for a
 * refusal the core retries by itself ({@link GrantStatus.Pending#retryable()}), which would tell them once per try
 * (their profile says the badge is being given meanwhile), nor when the badge is only given again to a member who
 * holds it ({@link #giveAgain}). Thread-safe.
 */
final class DiscordBadgeGranter implements BadgeGranter {
  private final Function<String, @Nullable Guild> guilds;
  private final ResultStore store;
  private final BiConsumer<Player, String> tellMember;

  /**
   * @param guilds finds a connected guild by id (null when the bot is not, or not yet, connected to it)
   * @param tellMember sends a member a private note; best effort, must not throw
   */
  DiscordBadgeGranter(
      Function<String, @Nullable Guild> guilds, ResultStore store, BiConsumer<Player, String> tellMember) {
    this.guilds = guilds;
    this.store = store;
    this.tellMember = tellMember;
  }

  @Override
  public GrantStatus grant(Player player, ChallengePack pack) {
    GrantStatus status = tryGrant(player, pack);
    boolean retriedByItself = status instanceof GrantStatus.Pending pending && pending.retryable();
    if (!(status instanceof GrantStatus.Granted) && !retriedByItself) {
      tellMember.accept(player, memberNote(pack, status));
    }
    return status;
  }

  /** Gives the role again to a member who holds the badge, telling her nothing when Discord refuses. */
  @Override
  public GrantStatus giveAgain(Player player, ChallengePack pack) {
    return tryGrant(player, pack);
  }

  /** The bot stopped retrying a grant it kept quiet about: the member learns now that the role waits for admins. */
  @Override
  public void retriesUsedUp(Player player, ChallengePack pack, GrantStatus.Pending last) {
    tellMember.accept(player, memberNote(pack, last));
  }

  private GrantStatus tryGrant(Player player, ChallengePack pack) {
    Guild guild = guilds.apply(player.tenant());
    if (guild == null) {
      return GrantFailures.botNotInServer();
    }
    Optional<String> roleId = store.settings(player.tenantKey()).badgeGroup(pack.id());
    if (roleId.isEmpty()) {
      return GrantFailures.noRoleSet(pack.id());
    }
    Role role = guild.getRoleById(roleId.get());
    if (role == null) {
      return GrantFailures.roleDeleted(roleId.get());
    }
    try {
      guild.addRoleToMember(UserSnowflake.fromId(player.userId()), role).complete();
      return new GrantStatus.Granted();
    } catch (RuntimeException e) {
      return GrantFailures.classify(e, role.getName());
    }
  }

  /** What the member reads: plain, no admin jargon, and whether to expect the role later. */
  static String memberNote(ChallengePack pack, GrantStatus status) {
    String badge = pack.badge().emoji() + " " + pack.badge().name();
    if (status instanceof GrantStatus.Failed) {
      return "You earned " + badge + ", but I could not give you its role on this server.";
    }
    return "You earned " + badge + "! I could not give you its role yet: the server admins have been told "
        + "what to fix, and you will get it as soon as they do.";
  }
}
