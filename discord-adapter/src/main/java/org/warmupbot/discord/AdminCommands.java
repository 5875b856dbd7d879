package org.warmupbot.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.BadgeHolders;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.view.ClockText;

/**
 * {@code /warmup-admin}: settings of one server. Discord shows the command to Manage Server holders by default,
 * and a server can open it to other roles or narrow it; so a picked badge role must be one its setter could give
 * (Manage Roles, and a role of theirs above it). Blocking (store, role creation): run it off
 * the event thread after deferring. Answers are plain sentences for the admin.
 *
 * <p>{@code reload} is the exception to "one server": the packs are the operator's files, shared by every
 * server, so an admin anywhere can have them read again (nothing else changes; a broken file is refused and the
 * loaded packs stay).
 */
final class AdminCommands {
  private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);

  /** Permissions that let a member run the server: a badge role that grants one is worth a second look. */
  private static final Set<Permission> MODERATION = Set.of(Permission.ADMINISTRATOR, Permission.MANAGE_SERVER,
      Permission.MANAGE_ROLES, Permission.MANAGE_CHANNEL, Permission.MANAGE_WEBHOOKS,
      Permission.KICK_MEMBERS, Permission.BAN_MEMBERS, Permission.MODERATE_MEMBERS, Permission.MESSAGE_MANAGE,
      Permission.MESSAGE_MENTION_EVERYONE, Permission.NICKNAME_MANAGE, Permission.VIEW_AUDIT_LOGS,
      Permission.MANAGE_THREADS, Permission.MANAGE_EVENTS, Permission.MANAGE_GUILD_EXPRESSIONS);

  private final ChallengeCatalog catalog;
  private final ResultStore store;
  private final RunRecorder recorder;
  private final PackReloader reloader;

  AdminCommands(ChallengeCatalog catalog, ResultStore store, RunRecorder recorder, PackReloader reloader) {
    this.catalog = catalog;
    this.store = store;
    this.recorder = recorder;
    this.reloader = reloader;
  }

  /**
   * Runs the command and returns the answer; work that ends later (giving a new badge role to the members who hold
   * the badge) is told in a private follow-up, sent once {@code answered} completes (after the answer is shown).
   */
  String handle(SlashCommandInteractionEvent event, Tenant tenant, CompletionStage<?> answered) {
    Guild guild = event.getGuild();
    String sub = event.getSubcommandName() == null ? "status" : event.getSubcommandName();
    if (sub.equals("reload")) { // the packs are files: no need of the store, which may be down
      PackReloader.Result result = reloader.reload();
      log.info("Member {} of guild {} reloaded the challenge packs: {}", event.getUser().getId(), tenant.id(),
          result.ok() ? "now served" : "refused");
      return reloadAnswer(result, DiscordRenderer.CONTENT_MAX);
    }
    TenantSettings settings = store.settings(tenant);
    switch (sub) {
      case "badge-role":
        return badgeRole(event, guild, tenant, settings, answered);
      case "announce-channel": {
        OptionMapping channel = event.getOption("channel");
        String id = channel == null ? null : channel.getAsChannel().getId();
        if (id != null) {
          String refusal = cannotAnnounceIn(guild, id, settings);
          if (refusal != null) {
            return refusal;
          }
        }
        save(tenant, new TenantSettings(settings.badgeGroups(), id, settings.allowedChannels(),
            settings.timeMultiplier()));
        return id == null ? "Badges will be announced where they are earned." : "Badges will be announced in <#" + id + ">.";
      }
      case "allow-channel": {
        String id = event.getOption("channel").getAsChannel().getId();
        boolean remove = Optional.ofNullable(event.getOption("remove")).map(OptionMapping::getAsBoolean).orElse(false);
        Set<String> allowed = new HashSet<>(settings.allowedChannels());
        if (remove) {
          allowed.remove(id);
        } else {
          allowed.add(id);
        }
        save(tenant, new TenantSettings(settings.badgeGroups(), settings.announcementChannel(), allowed,
            settings.timeMultiplier()));
        String done = (remove ? "Removed <#" : "Allowed <#") + id + ">. ";
        return done + allowedText(allowed, DiscordRenderer.CONTENT_MAX - done.length());
      }
      case "allowed-channels":
        return allowedText(settings.allowedChannels(), DiscordRenderer.CONTENT_MAX);
      case "time-multiplier": {
        double value = event.getOption("value").getAsDouble();
        if (!(value >= 1.0 && value <= 4.0)) {
          return "The multiplier must lie between 1.0 and 4.0.";
        }
        save(tenant, new TenantSettings(settings.badgeGroups(), settings.announcementChannel(),
            settings.allowedChannels(), value));
        return "Every question now lasts " + value + " times as long as its pack says (for challenges started from now)."
            + timesUpNote(value);
      }
      case "retry": {
        RunRecorder.Retried done = recorder.retryPending(tenant, catalog);
        if (done.nothingWaited()) {
          return "No badge roles were waiting.";
        }
        List<BadgeAward> retried = done.retried();
        long granted = retried.stream().filter(a -> a.status() instanceof GrantStatus.Granted).count();
        List<String> lines = new ArrayList<>();
        if (!retried.isEmpty()) {
          lines.add("Retried " + retried.size() + " badge role(s): " + granted + " given.");
          lines.addAll(pendingLines(retried));
        }
        if (!done.leftToTheBot().isEmpty()) {
          lines.add(done.leftToTheBot().size() + " badge role(s) the bot retries by itself:");
          lines.addAll(pendingLines(done.leftToTheBot()));
        }
        return fitLines(lines, DiscordRenderer.CONTENT_MAX, "lines", "");
      }
      default:
        return status(tenant, settings);
    }
  }

  /**
   * Discord lets the bot update a member's private message for 15 minutes after their press: a question that lasts
   * longer cannot turn into "Time's up" by itself. Says so when the multiplier makes the longest question that long.
   */
  private String timesUpNote(double multiplier) {
    Duration longest = catalog.all().stream().flatMap(pack -> pack.questions().stream()).map(Question::timeLimit)
        .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    Duration stretched = Duration.ofMillis(Math.round(longest.toMillis() * multiplier));
    return stretched.compareTo(Hooks.LIFETIME.minusMinutes(1)) < 0 ? ""
        : "\nNote: the longest questions now last " + ClockText.of(stretched) + ". Discord lets me update a member's"
            + " screen for 15 minutes after their press, so when such a question runs out, Time's up shows at their"
            + " next press rather than by itself (it still counts as a timeout).";
  }

  private String badgeRole(SlashCommandInteractionEvent event, Guild guild, Tenant tenant, TenantSettings settings,
      CompletionStage<?> answered) {
    String packId = PackOption.id(catalog, event.getOption("pack"));
    Optional<ChallengePack> pack = catalog.find(packId);
    if (pack.isEmpty()) {
      return PackOption.unknown(catalog, packId);
    }
    OptionMapping roleOption = event.getOption("role");
    Role role;
    if (roleOption != null) {
      role = roleOption.getAsRole();
      if (role.isPublicRole() || role.isManaged()) {
        return "The role " + role.getName() + " cannot be a badge: " + (role.isPublicRole()
            ? "every member has it." : "an integration manages it (a bot's own role, or Server Booster), and"
                + " Discord lets nobody else give it.")
            + " Pick another role, or leave out the role option and I create one.";
      }
      // The command may be open to members who cannot give roles: a badge must not give what its setter could not.
      Member caller = event.getMember();
      if (caller == null || !caller.hasPermission(Permission.MANAGE_ROLES) || !caller.canInteract(role)) {
        return "You cannot give the role " + role.getName() + " yourself (that needs Manage Roles and a role of"
            + " yours above it), so it cannot be your badge: a perfect run would give it to anyone. Pick a role"
            + " you can give, or leave out the role option and I create one.";
      }
    } else {
      if (!guild.getSelfMember().hasPermission(Permission.MANAGE_ROLES)) {
        return "I need the Manage Roles permission to create the role. Give it to my role, or pick an existing role"
            + " with the role option.";
      }
      // Run twice (or after a settings save failed), the command takes the role it made, not a second one: a role
      // of the badge's name that grants nothing and that the bot can give. Any other is the admin's, left alone.
      String name = DiscordRenderer.cut(pack.get().badge().name(), 100);
      Member self = guild.getSelfMember();
      role = guild.getRolesByName(name, false).stream()
          .filter(r -> !r.isManaged() && !r.isPublicRole() && r.getPermissionsRaw() == 0 && self.canInteract(r))
          .findFirst()
          .orElseGet(() -> guild.createRole().setName(name).setMentionable(false).complete());
    }
    Map<String, String> groups = new HashMap<>(settings.badgeGroups());
    groups.put(packId, role.getId());
    save(tenant, new TenantSettings(groups, settings.announcementChannel(), settings.allowedChannels(),
        settings.timeMultiplier()));
    // Discord refuses a grant without Manage Roles, and of a role at or above the bot's highest one.
    boolean mayManage = guild.getSelfMember().hasPermission(Permission.MANAGE_ROLES);
    boolean above = guild.getSelfMember().canInteract(role);
    String warning = !mayManage
        ? "\nNote: I cannot give roles yet: my role needs the Manage Roles permission (Server Settings → Roles)."
        : above ? "" : "\nNote: this role sits above my highest role, so I cannot give it yet. Drag my role above it.";
    List<String> elevated = role.getPermissions().stream().filter(MODERATION::contains).map(Permission::getName)
        .toList();
    if (!elevated.isEmpty()) {
      warning += "\nNote: this role grants " + String.join(", ", elevated) + ": every member with a perfect run gets"
          + " that. A badge role usually grants nothing of the kind.";
    }
    // Holders first: the members the retry below gives the badge to are not holders yet.
    String holdersGiven = mayManage && above ? holdersGiven(event.getHook(), tenant, pack.get(), role, answered)
        : "\nMembers who hold the badge get the role when you run this command again once that is done.";
    String waiting = waitingGiven(recorder.retryPending(tenant, catalog, pack.get().id()::equals).all());
    return "The badge of " + pack.get().title() + " is now the role <@&" + role.getId() + ">." + warning
        + holdersGiven + waiting;
  }

  /**
   * Starts giving the role to the members who hold the badge, and says so. Discord takes them one by one (a big
   * server's take minutes), so the answer does not wait for them: a follow-up says how it went, within the 15
   * minutes Discord lets the bot answer (later, only the bot's log does).
   */
  private String holdersGiven(InteractionHook hook, Tenant tenant, ChallengePack pack, Role role,
      CompletionStage<?> answered) {
    BadgeHolders.Giving giving;
    try {
      giving = recorder.holders().giveAgain(tenant, pack);
    } catch (StoreUnavailableException e) {
      return "\nI could not list the members who hold the badge just now (the results store did not answer): run"
          + " this command again in a minute to give them the role.";
    }
    if (stopping(giving)) {
      return "\nI am stopping: run this command again once I am back to give the role to the members who hold the"
          + " badge.";
    }
    if (giving.holders() == 0) {
      return "";
    }
    giving.refused().thenCombine(answered, (refused, shown) -> refused).whenComplete((refused, error) -> {
      String text = error == null ? holdersGivenText(giving.holders(), role.getId(), refused)
          : "I could not give the role to all the " + giving.holders() + " member(s) who hold the badge: "
              + (error.getCause() instanceof RejectedExecutionException ? "I was stopping. " : "that broke off (the"
                  + " bot's log says why). ") + "Run /warmup-admin badge-role again to give it to them.";
      if (hook.isExpired()) {
        log.info("Past the 15 minutes Discord lets the bot answer an admin of guild {}: {}", tenant.id(), text);
        return;
      }
      hook.sendMessage(DiscordRenderer.cut(text, DiscordRenderer.CONTENT_MAX)).setEphemeral(true)
          .queue(null, e -> log.warn("Could not tell an admin of guild {} how giving a badge role went: {}",
              tenant.id(), e.toString()));
    });
    return "\nThe " + giving.holders() + " member(s) who hold the badge are being given this role: I will say here"
        + " when they have it. (Should that take over 15 minutes, Discord's limit for an answer, the bot's log will.)";
  }

  /** How giving a badge's role to its holders went: who has it now, and who was not given it, and why. */
  static String holdersGivenText(int holders, String roleId, Map<Player, GrantStatus> refused) {
    if (refused.isEmpty()) {
      return "The " + holders + " member(s) who hold the badge have the role <@&" + roleId + "> now.";
    }
    List<String> notGiven = new ArrayList<>();
    BadgeHolders.byReason(refused).forEach((reason, members) -> notGiven.add(
        members.stream().limit(20).map(member -> "<@" + member.userId() + ">").collect(Collectors.joining(", "))
            + (members.size() > 20 ? " and " + (members.size() - 20) + " more" : "") + ": "
            + MarkdownSanitizer.escape(reason)));
    boolean adminCanFix = refused.values().stream().anyMatch(GrantStatus.Pending.class::isInstance);
    return "The role <@&" + roleId + "> was given to " + (holders - refused.size()) + " of the " + holders
        + " member(s) who hold the badge. Not given: " + String.join("; ", notGiven) + "."
        + (adminCanFix ? " Once that is fixed, run /warmup-admin badge-role again to give it to them." : "");
  }

  /** Whether giving the badge to its holders was refused at once because the bot is stopping. */
  static boolean stopping(BadgeHolders.Giving giving) {
    try {
      giving.refused().getNow(null);
      return false;
    } catch (CompletionException | CancellationException e) {
      return e.getCause() instanceof RejectedExecutionException;
    }
  }

  /**
   * What became of the pack's awards that waited for a role (the grant's fix says to set one, so setting it
   * gives them): how many were given, how many still wait and why the first one does.
   */
  private static String waitingGiven(List<BadgeAward> retried) {
    if (retried.isEmpty()) {
      return "";
    }
    long granted = retried.stream().filter(a -> a.status() instanceof GrantStatus.Granted).count();
    List<BadgeAward> waiting = retried.stream().filter(a -> a.status() instanceof GrantStatus.Pending).toList();
    StringBuilder text = new StringBuilder("\n").append(retried.size()).append(" member(s) had earned it already: ")
        .append(granted).append(" given now.");
    if (!waiting.isEmpty()) {
      text.append(' ').append(waiting.size()).append(" still waiting, because ")
          .append(reasonAndFix(waiting.get(0).status()));
    }
    return text.toString();
  }

  /** What the announcement needs in its channel: the bot sees it and may post in it. */
  static final List<Permission> ANNOUNCING = List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND);

  /**
   * Why badges cannot be announced in channel {@code id}, with what to do, or null when they can: a text or
   * announcement channel of this server in which the bot holds {@link #ANNOUNCING}.
   */
  private static @Nullable String cannotAnnounceIn(Guild guild, String id, TenantSettings settings) {
    String now = settings.announcementChannel() == null ? "where they are earned"
        : "in <#" + settings.announcementChannel() + ">";
    GuildChannel channel = guild.getGuildChannelById(id);
    if (channel == null || (channel.getType() != ChannelType.TEXT && channel.getType() != ChannelType.NEWS)) {
      return "Badges can be announced in a text or announcement channel of this server only; <#" + id
          + "> is not one I can see. Badges are still announced " + now + ".";
    }
    Member self = guild.getSelfMember();
    List<String> missing = ANNOUNCING.stream().filter(p -> !self.hasPermission(channel, p))
        .map(Permission::getName).toList();
    if (missing.isEmpty()) {
      return null;
    }
    return "I cannot post in <#" + id + ">: I lack " + String.join(" and ", missing) + " there. Allow my role "
        + ANNOUNCING.stream().map(Permission::getName).collect(Collectors.joining(" and "))
        + " in that channel (Edit Channel → Permissions), then run this again. Badges are still announced " + now
        + ".";
  }

  /** The characters the allowed channels may take in a status (about 25 named); allowed-channels lists them all. */
  private static final int STATUS_CHANNELS_MAX = 640;

  /**
   * The server's settings, then each pack's badge role, then the roles waiting: whole lines within Discord's 2000
   * characters (the server-wide settings first, so many packs or waiting roles cannot push them out).
   */
  private String status(Tenant tenant, TenantSettings settings) {
    List<String> lines = new ArrayList<>();
    lines.add("**Warmup Bot settings**");
    lines.add("• Announcements: " + (settings.announcementChannel() == null ? "where badges are earned"
        : "<#" + settings.announcementChannel() + ">"));
    lines.add("• " + allowedText(settings.allowedChannels(), STATUS_CHANNELS_MAX)); // the rest of the status too
    lines.add("• Time multiplier: " + settings.timeMultiplier());
    for (ChallengePack pack : catalog.all()) {
      lines.add("• " + pack.id() + ": badge role "
          + settings.badgeGroup(pack.id()).map(r -> "<@&" + r + ">").orElse("not set"));
    }
    List<BadgeAward> pending = recorder.waitingBadges(tenant, catalog); // not those whose grant runs now
    if (pending.isEmpty()) {
      lines.add("No badge roles are waiting.");
    } else {
      lines.add("**Badge roles waiting (" + pending.size() + ")**");
      lines.addAll(pendingLines(pending));
    }
    return fitLines(lines, DiscordRenderer.CONTENT_MAX, "lines", "");
  }

  /** A line for each award not granted: whose, which badge, why it waits and the fix. */
  private List<String> pendingLines(List<BadgeAward> awards) {
    return awards.stream().filter(a -> !(a.status() instanceof GrantStatus.Granted))
        .map(a -> "• <@" + a.player().userId() + "> " + a.shownName(catalog) + ": " + reasonAndFix(a.status()))
        .toList();
  }

  /**
   * The reload's message within {@code max} characters: whole lines from the top, then how many were left out
   * (the reloader logs them all). Markdown in it (file names with underscores) is shown as typed.
   */
  static String reloadAnswer(PackReloader.Result result, int max) {
    return fitLines(List.of(MarkdownSanitizer.escape(result.message()).split("\n")), max,
        result.ok() ? "lines" : "problems", " (the bot's log has them all)");
  }

  /**
   * {@code lines} joined, within {@code max} characters: whole lines from the top, then how many {@code unit}
   * were left out, and {@code where} they can be read (a first line longer than a message is cut).
   */
  static String fitLines(List<String> lines, int max, String unit, String where) {
    String all = String.join("\n", lines);
    if (all.length() <= max) {
      return all;
    }
    int budget = max - leftOut(lines.size(), unit, where).length();
    StringBuilder kept = new StringBuilder();
    int shown = 0;
    while (shown < lines.size() && kept.length() + 1 + lines.get(shown).length() <= budget) {
      kept.append(shown == 0 ? "" : "\n").append(lines.get(shown));
      shown++;
    }
    if (shown == 0) {
      kept.append(DiscordRenderer.cut(lines.get(0), budget)); // one line longer than a message
      shown = 1;
    }
    return shown == lines.size() ? kept.toString() : kept + leftOut(lines.size() - shown, unit, where);
  }

  private static String leftOut(int count, String unit, String where) {
    return "\n… and " + count + " more " + unit + where + ".";
  }

  static String reasonAndFix(GrantStatus status) {
    if (status instanceof GrantStatus.Pending pending) {
      return pending.reason() + ". Fix: " + pending.fix();
    }
    return status.describe();
  }

  /** Where /warmup runs: the channels named within {@code max} characters, then how many more. */
  private static String allowedText(Set<String> allowed, int max) {
    if (allowed.isEmpty()) {
      return "/warmup runs in every channel.";
    }
    return DiscordRenderer.namesWithin("/warmup runs in ", allowed.stream().sorted().map(c -> "<#" + c + ">")
        .toList(), "channel", ".", max);
  }

  private void save(Tenant tenant, TenantSettings settings) {
    store.saveSettings(tenant, settings);
  }
}
