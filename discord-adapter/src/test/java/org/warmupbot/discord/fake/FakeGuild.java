package org.warmupbot.discord.fake;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * A guild of the fake: an @everyone role, the bot's role (position 10), text channels, and members' roles as
 * grants leave them. Role changes made here reach JDA as gateway events, as admins' changes would.
 */
public final class FakeGuild {
  /** Permission bits used in tests. */
  public static final long VIEW_CHANNEL = 1L << 10;
  public static final long SEND_MESSAGES = 1L << 11;
  public static final long EMBED_LINKS = 1L << 14;
  public static final long MANAGE_ROLES = 1L << 28;
  public static final long MANAGE_GUILD = 1L << 5;
  public static final long ADMINISTRATOR = 1L << 3;
  public static final long BASIC = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS;

  /** How the next role grants end, as Discord could answer. */
  public enum GrantMode { OK, MISSING_PERMISSIONS_50013, UNKNOWN_MEMBER_10007 }

  private final FakeDiscord discord;
  final long id;
  final long channelId;
  private final long botRoleId;
  private final Map<Long, DataObject> roles = new ConcurrentHashMap<>();
  private final Set<Long> channels = ConcurrentHashMap.newKeySet();
  private final Map<Long, Set<Long>> memberRoles = new ConcurrentHashMap<>();
  private volatile GrantMode grantMode = GrantMode.OK;
  private final Set<Long> membersWhoLeft = ConcurrentHashMap.newKeySet();
  private volatile long ownerId = 1L;

  FakeGuild(FakeDiscord discord, long id, long channelId, long botRoleId, long botPermissions) {
    this.discord = discord;
    this.id = id;
    this.channelId = channelId;
    this.botRoleId = botRoleId;
    channels.add(channelId);
    roles.put(id, role(id, "@everyone", 0, 0));
    roles.put(botRoleId, role(botRoleId, "Warmup Bot", 10, botPermissions).put("managed", true));
  }

  public long id() {
    return id;
  }

  public long channelId() {
    return channelId;
  }

  public long botRoleId() {
    return botRoleId;
  }

  /** Adds a text channel (before JDA connects, or it will not know it). */
  public long addChannel() {
    long channel = discord.snowflake();
    channels.add(channel);
    return channel;
  }

  /** The {@code resolved} part of a slash command whose option names {@code channel}. */
  public DataObject resolvedChannel(long channel) {
    return DataObject.empty().put("channels", DataObject.empty().put(Long.toString(channel), channelJson(channel)));
  }

  /** The {@code resolved} part of a slash command whose option names role {@code roleId}. */
  public DataObject resolvedRole(long roleId) {
    return DataObject.empty().put("roles", DataObject.empty().put(Long.toString(roleId), roles.get(roleId)));
  }

  /** The {@code resolved} part of a slash command whose option names member {@code userId}. */
  public DataObject resolvedMember(long userId) {
    DataObject member = memberJson(userId);
    member.remove("user");
    return DataObject.empty().put("users", DataObject.empty().put(Long.toString(userId), userJson(userId)))
        .put("members", DataObject.empty().put(Long.toString(userId), member));
  }

  /** Deletes a channel behind JDA's back: its cache still holds it, Discord answers 10003 to a post there. */
  public void deleteChannelSilently(long channel) {
    channels.remove(channel);
  }

  boolean hasChannel(long channel) {
    return channels.contains(channel);
  }

  /** Adds a role below the bot's (position 1) or above it (position 20); announced over the gateway if live. */
  public long addRole(String name, int position) {
    return addRole(name, position, 0);
  }

  /** Adds a role that grants {@code permissions} (bits as Discord counts them). */
  public long addRole(String name, int position, long permissions) {
    long roleId = discord.snowflake();
    DataObject role = role(roleId, name, position, permissions);
    roles.put(roleId, role);
    discord.dispatch(id, "GUILD_ROLE_CREATE", DataObject.empty().put("guild_id", id).put("role", role));
    return roleId;
  }

  FakeDiscord.Answer createRole(String name) {
    if (!botMay(MANAGE_ROLES)) {
      return FakeDiscord.Answer.error(403, 50013, "Missing Permissions");
    }
    long roleId = discord.snowflake();
    DataObject role = role(roleId, name, 1, 0);
    roles.put(roleId, role);
    discord.dispatch(id, "GUILD_ROLE_CREATE", DataObject.empty().put("guild_id", id).put("role", role));
    return FakeDiscord.Answer.ok(role);
  }

  public void moveRole(long roleId, int position) {
    DataObject role = roles.get(roleId).put("position", position);
    discord.dispatch(id, "GUILD_ROLE_UPDATE", DataObject.empty().put("guild_id", id).put("role", role));
  }

  public void setBotPermissions(long permissions) {
    DataObject role = roles.get(botRoleId).put("permissions", Long.toString(permissions));
    discord.dispatch(id, "GUILD_ROLE_UPDATE", DataObject.empty().put("guild_id", id).put("role", role));
  }

  /**
   * Changes the bot's permissions behind JDA's back (a channel's overwrite JDA was not told of): its cache still
   * allows what Discord now refuses with 50013.
   */
  public void setBotPermissionsSilently(long permissions) {
    roles.get(botRoleId).put("permissions", Long.toString(permissions));
  }

  /** Deletes a role behind JDA's back: its cache still holds it, Discord answers 10011. */
  public void deleteRoleSilently(long roleId) {
    roles.remove(roleId);
  }

  public void deleteRole(long roleId) {
    roles.remove(roleId);
    discord.dispatch(id, "GUILD_ROLE_DELETE", DataObject.empty().put("guild_id", id).put("role_id", roleId));
  }

  public void setGrantMode(GrantMode mode) {
    grantMode = mode;
  }

  long botPermissions() {
    return Long.parseLong(roles.get(botRoleId).getString("permissions"));
  }

  /** Whether the bot holds every one of {@code permissions}, or Administrator (which grants them all). */
  boolean botMay(long permissions) {
    long held = botPermissions();
    return (held & ADMINISTRATOR) != 0 || (held & permissions) == permissions;
  }

  /** Makes {@code userId} the server's owner (who may give any role); before JDA connects. */
  public void setOwner(long userId) {
    ownerId = userId;
  }

  /** The member leaves the server: a role given to them is refused with Unknown Member, as Discord does. */
  public void memberLeft(long userId) {
    membersWhoLeft.add(userId);
  }

  public Set<Long> rolesOf(long userId) {
    return Set.copyOf(memberRoles.getOrDefault(userId, Set.of()));
  }

  FakeDiscord.Answer grantRole(long userId, long roleId) {
    if (membersWhoLeft.contains(userId)) {
      return FakeDiscord.Answer.error(404, 10007, "Unknown Member");
    }
    switch (grantMode) {
      case MISSING_PERMISSIONS_50013:
        return FakeDiscord.Answer.error(403, 50013, "Missing Permissions");
      case UNKNOWN_MEMBER_10007:
        return FakeDiscord.Answer.error(404, 10007, "Unknown Member");
      default:
        break;
    }
    DataObject role = roles.get(roleId);
    if (role == null) {
      return FakeDiscord.Answer.error(404, 10011, "Unknown Role");
    }
    if ((botPermissions() & MANAGE_ROLES) == 0) {
      return FakeDiscord.Answer.error(403, 50013, "Missing Permissions");
    }
    if (role.getInt("position") >= roles.get(botRoleId).getInt("position")) {
      return FakeDiscord.Answer.error(403, 50013, "Missing Permissions");
    }
    memberRoles.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(roleId);
    return FakeDiscord.Answer.noContent();
  }

  private static DataObject role(long roleId, String name, int position, long permissions) {
    return DataObject.empty().put("id", roleId).put("name", name).put("color", 0)
        .put("colors", DataObject.empty().put("primary_color", 0).put("secondary_color", null)
            .put("tertiary_color", null))
        .put("hoist", false).put("position", position).put("permissions", Long.toString(permissions))
        .put("managed", false).put("mentionable", false).put("flags", 0).put("icon", null)
        .put("unicode_emoji", null);
  }

  DataObject channelJson(long channel) {
    return DataObject.empty().put("id", channel).put("type", 0).put("name", "general-" + channel % 1000)
        .put("guild_id", id).put("position", 0).put("permission_overwrites", DataArray.empty())
        .put("parent_id", null).put("topic", null).put("nsfw", false).put("rate_limit_per_user", 0)
        .put("last_message_id", null).put("flags", 0).put("permissions", Long.toString(BASIC | MANAGE_ROLES));
  }

  DataObject userJson(long userId) {
    return DataObject.empty().put("id", userId).put("username", "member" + userId % 10000)
        .put("discriminator", "0").put("global_name", null).put("avatar", null).put("bot", false)
        .put("public_flags", 0);
  }

  DataObject memberJson(long userId) {
    DataArray roleIds = DataArray.empty();
    memberRoles.getOrDefault(userId, Set.of()).forEach(roleIds::add);
    return DataObject.empty().put("user", userJson(userId)).put("roles", roleIds)
        .put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
        .put("flags", 0).put("pending", false).put("nick", null).put("avatar", null)
        .put("premium_since", null).put("communication_disabled_until", null)
        .put("permissions", Long.toString(BASIC | MANAGE_GUILD));
  }

  /** The GUILD_CREATE payload, with every field JDA 6.5 insists on. */
  DataObject createJson() {
    DataArray roleArray = DataArray.empty();
    roles.values().forEach(roleArray::add);
    DataArray channelArray = DataArray.empty();
    channels.forEach(c -> channelArray.add(channelJson(c)));
    DataObject botMember = DataObject.empty().put("user", discord.botUser())
        .put("roles", DataArray.empty().add(botRoleId)).put("joined_at", "2024-01-01T00:00:00.000000+00:00")
        .put("deaf", false).put("mute", false).put("flags", 0).put("pending", false);
    return DataObject.empty().put("id", id).put("name", "Guild " + id).put("icon", null)
        .put("owner_id", ownerId).put("afk_timeout", 300).put("afk_channel_id", null)
        .put("verification_level", 0).put("default_message_notifications", 0)
        .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0)
        .put("premium_subscription_count", 0).put("premium_progress_bar_enabled", false)
        .put("preferred_locale", "en-US").put("system_channel_id", null).put("features", DataArray.empty())
        .put("roles", roleArray).put("emojis", DataArray.empty()).put("stickers", DataArray.empty())
        .put("channels", channelArray).put("threads", DataArray.empty())
        .put("guild_scheduled_events", DataArray.empty()).put("voice_states", DataArray.empty())
        .put("stage_instances", DataArray.empty()).put("presences", DataArray.empty())
        .put("members", DataArray.empty().add(botMember)).put("member_count", 2).put("large", false)
        .put("unavailable", false).put("joined_at", "2024-01-01T00:00:00.000000+00:00")
        .put("max_members", 500000).put("description", null).put("banner", null).put("splash", null)
        .put("discovery_splash", null).put("vanity_url_code", null);
  }

  @Nullable DataObject role(long roleId) {
    return roles.get(roleId);
  }
}
