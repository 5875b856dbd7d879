package org.warmupbot.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.BadgeHolders;
import org.warmupbot.core.session.RunRecorder;

/**
 * {@code /warmup admin ...}: workspace admins set the badge user group per pack, the announcement channel, the
 * channels challenges may start in and extra time. Slack escapes mentions in the command text ({@code
 * <!subteam^S123|@group>}, {@code <#C123|name>}), which is how ids arrive. Answers are the text of the command's
 * private reply (sent after the acknowledgement). Only workspace admins and owners may run it; when Slack cannot
 * say who is one ({@link WorkspaceAdmins.Unknown}) the answer says what Slack said instead of "not an admin".
 * {@code badge-group} and {@code retry-badges} report the badges still pending after their retry, with the first
 * reason and its fix. Thread-safe; blocks on {@code users.info}, the store and the badge grants it retries.
 *
 * <p>{@code reload} reads the operator's pack files again for every workspace the bot serves (there is one set
 * of packs).
 */
final class AdminCommand {
  /** Slack lets the app post in any public channel, but in a private one only once it was invited there. */
  static final String PRIVATE_CHANNEL_NOTE = "If it is a private channel, invite the app there (`/invite @Warmup`):"
      + " until then each badge goes to its member's DM instead.";

  private static final Logger log = LoggerFactory.getLogger(AdminCommand.class);
  private static final Pattern SUBTEAM = Pattern.compile("<!subteam\\^([A-Z0-9]+)(?:\\|[^>]*)?>|^(S[A-Z0-9]{2,})$");
  private static final Pattern CHANNEL = Pattern.compile("<#([A-Z0-9]+)(?:\\|[^>]*)?>|^([CG][A-Z0-9]{2,})$");

  private final WorkspaceAdmins admins;
  private final ChallengeCatalog catalog;
  private final ResultStore store;
  /** How long an answer waits for the holders to be added to a badge's group before it says they are being added. */
  private static final Duration HOLDERS_WAIT = Duration.ofSeconds(10);

  private final @Nullable RunRecorder recorder;
  private final Duration holdersWait;
  private final PackReloader reloader;

  AdminCommand(WorkspaceAdmins admins, ChallengeCatalog catalog, ResultStore store, @Nullable RunRecorder recorder,
      PackReloader reloader) {
    this(admins, catalog, store, recorder, reloader, HOLDERS_WAIT);
  }

  /** @param holdersWait how long an answer waits for the badge's holders to be added to its group */
  AdminCommand(WorkspaceAdmins admins, ChallengeCatalog catalog, ResultStore store, @Nullable RunRecorder recorder,
      PackReloader reloader, Duration holdersWait) {
    this.holdersWait = holdersWait;
    this.admins = admins;
    this.catalog = catalog;
    this.store = store;
    this.recorder = recorder;
    this.reloader = reloader;
  }

  /** Runs {@code words} (after "admin") for {@code player} typed in {@code channelId}; returns the reply. */
  String run(Player player, List<String> words, String channelId) {
    WorkspaceAdmins.Answer admin = admins.check(player);
    if (admin instanceof WorkspaceAdmins.Unknown unknown) {
      return "Could not check whether you are a workspace admin: " + unknown.problem();
    }
    if (!admin.admin()) {
      return "Only workspace admins and owners can change Warmup's settings.";
    }
    String verb = words.isEmpty() ? "" : words.get(0);
    if (verb.equals("reload")) { // the packs are files: no need of the store, which may be down
      PackReloader.Result result = reloader.reload();
      log.info("{} reloaded the challenge packs: {}", player, result.ok() ? "now served" : "refused");
      return reloadAnswer(result, SlackText.SECTION_MAX);
    }
    TenantSettings settings = store.settings(player.tenantKey());
    switch (verb) {
      case "badge-group" -> {
        String packId = words.size() < 2 ? "" : words.get(1).toLowerCase(Locale.ROOT); // as `/warmup <pack>`
        if (words.size() != 3 || catalog.find(packId).isEmpty()) {
          return "Usage: `/warmup admin badge-group &lt;pack&gt; @user-group`. Packs: " + packIds();
        }
        String group = match(SUBTEAM, words.get(2));
        if (group == null) {
          return "Name the user group with @, e.g. `/warmup admin badge-group " + packId + " @masters`.";
        }
        Map<String, String> groups = new HashMap<>(settings.badgeGroups());
        groups.put(packId, group);
        save(player, new TenantSettings(groups, settings.announcementChannel(), settings.allowedChannels(),
            settings.timeMultiplier()));
        // Holders first: the members the retry below gives the badge to are not holders yet.
        String holdersAdded = holdersAdded(player, catalog.find(packId).orElseThrow());
        List<BadgeAward> retried = retry(player);
        return "Badge of " + packId + " now adds members to <!subteam^" + group + ">." + holdersAdded
            + (retried.isEmpty() ? "" : " " + retryReport(retried));
      }
      case "announce" -> {
        String target = words.size() < 2 ? "" : words.get(1);
        String channel = "here".equals(target) ? channelId : "off".equals(target) ? null : match(CHANNEL, target);
        if (channel == null && !"off".equals(target)) {
          return "Usage: `/warmup admin announce #channel|here|off` (off: where each challenge was started).";
        }
        save(player, new TenantSettings(settings.badgeGroups(), channel, settings.allowedChannels(),
            settings.timeMultiplier()));
        return channel == null ? "Badges are announced where each challenge was started."
            : "Badges are announced in <#" + channel + ">. " + PRIVATE_CHANNEL_NOTE;
      }
      case "channels" -> {
        Set<String> allowed = new LinkedHashSet<>();
        List<String> notChannels = new ArrayList<>();
        boolean all = words.size() == 2 && "all".equals(words.get(1));
        for (String word : words.subList(Math.min(1, words.size()), words.size())) {
          String channel = "here".equals(word) ? channelId : match(CHANNEL, word);
          if (channel != null) {
            allowed.add(channel);
          } else if (!all) {
            notChannels.add(word);
          }
        }
        if (!notChannels.isEmpty()) {
          // Slack turns only channels picked from its list into <#C...>: a typo stays text. Saving the rest would
          // quietly leave that channel out.
          return (notChannels.size() == 1 ? "Not a channel: " : "Not channels: ")
              + SlackText.escape(SlackText.clip(String.join(", ", notChannels), 300))
              + ". Pick each channel from Slack's list as you type # (or write `here`); nothing was changed.";
        }
        if (!all && allowed.isEmpty()) {
          return "Usage: `/warmup admin channels #study #practice` or `/warmup admin channels all`.";
        }
        save(player, new TenantSettings(settings.badgeGroups(), settings.announcementChannel(),
            all ? Set.of() : allowed, settings.timeMultiplier()));
        return all ? "Challenges may start in every channel." : "Challenges may start in " + allowed.size()
            + " channel(s).";
      }
      case "extra-time" -> {
        try {
          double multiplier = Double.parseDouble(words.size() == 2 ? words.get(1) : "x");
          save(player, new TenantSettings(settings.badgeGroups(), settings.announcementChannel(),
              settings.allowedChannels(), multiplier));
          return "Every question now lasts " + multiplier
              + " times as long as its pack says (for challenges started from now).";
        } catch (IllegalArgumentException e) {
          return "Usage: `/warmup admin extra-time 1.5` (between 1.0 and 4.0).";
        }
      }
      case "retry-badges" -> {
        List<BadgeAward> retried = retry(player);
        return retried.isEmpty() ? "No badges were pending." : retryReport(retried);
      }
      default -> {
        return describe(settings);
      }
    }
  }

  private String describe(TenantSettings settings) {
    StringBuilder text = new StringBuilder("*Warmup settings*\n");
    for (ChallengePack pack : catalog.all()) {
      text.append("• ").append(pack.id()).append(" badge group: ")
          .append(settings.badgeGroup(pack.id()).map(g -> "<!subteam^" + g + ">").orElse("not set")).append('\n');
    }
    text.append("• Announcements: ").append(settings.announcementChannel() == null ? "where the challenge started"
        : "<#" + settings.announcementChannel() + ">").append('\n');
    text.append("• Channels: ").append(settings.allowedChannels().isEmpty() ? "all" : settings.allowedChannels()
            .stream().sorted().map(c -> "<#" + c + ">").collect(Collectors.joining(", ")))
        .append("\n• Extra time: x").append(settings.timeMultiplier())
        .append("\nCommands: `badge-group &lt;pack&gt; @group`, `announce #channel|here|off`, `channels #a #b|all`,"
            + " `extra-time 1.5`, `retry-badges`, `reload` (the packs, for every workspace).");
    return text.toString();
  }

  /**
   * The reload's message, escaped, within {@code max} characters: whole lines from the top, then how many were
   * left out (the reloader logs them all).
   */
  static String reloadAnswer(PackReloader.Result result, int max) {
    String whole = SlackText.escape(result.message());
    if (whole.length() <= max) {
      return whole;
    }
    String[] lines = result.message().split("\n");
    String unit = result.ok() ? "lines" : "problems";
    int budget = max - leftOut(lines.length, unit).length();
    StringBuilder kept = new StringBuilder();
    int shown = 0;
    while (shown < lines.length) {
      String line = SlackText.escape(lines[shown]);
      int room = budget - kept.length() - (shown == 0 ? 0 : 1);
      if (line.length() > room) {
        if (shown == 0) {
          kept.append(SlackText.split(line, room - 1).get(0)).append('…'); // one line longer than a message
          shown = 1;
        }
        break;
      }
      kept.append(shown == 0 ? "" : "\n").append(line);
      shown++;
    }
    return shown == lines.length ? kept.toString() : kept + leftOut(lines.length - shown, unit);
  }

  private static String leftOut(int count, String unit) {
    return "\n… and " + count + " more " + unit + " (the bot's log has them all).";
  }

  /** Tries to grant the workspace's pending badges again; what became of each (none without a recorder). */
  private List<BadgeAward> retry(Player player) {
    return recorder == null ? List.of() : recorder.retryPending(player.tenantKey(), catalog).all();
  }

  /**
   * What a retry did, for the admin: how many badges were granted, how many are still pending with the first
   * reason and its fix (App Home lists them all), how many were given up.
   */
  /**
   * Adds the members who hold the badge to its group (one read and one update of the group), and says how that went:
   * the answer goes out through the command's response URL, so it waits for Slack, a little.
   */
  private String holdersAdded(Player admin, ChallengePack pack) {
    if (recorder == null) {
      return "";
    }
    BadgeHolders.Giving giving;
    try {
      giving = recorder.holders().giveAgain(admin.tenantKey(), pack);
    } catch (StoreUnavailableException e) {
      return " I could not list the members who hold the badge just now (the results store did not answer): run"
          + " this command again in a minute to add them.";
    }
    if (giving.holders() == 0) {
      return "";
    }
    String holders = giving.holders() + " member(s) who hold the badge";
    Map<Player, GrantStatus> refused;
    try {
      refused = giving.refused().get(holdersWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillAdding) {
      return " The " + holders + " are being added to it (should Slack refuse, the bot's log says why).";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return " The " + holders + " are being added to it.";
    } catch (ExecutionException e) {
      return e.getCause() instanceof RejectedExecutionException
          ? " I am stopping: run this command again once I am back to add the " + holders + "."
          : " Adding the " + holders + " failed (the bot's log says why): run this command again in a minute.";
    }
    if (refused.isEmpty()) {
      return " The " + holders + " are in it now.";
    }
    if (refused.size() == giving.holders() && Set.copyOf(refused.values()).size() == 1) {
      return noneAdded(holders, refused);
    }
    // Slack singled out some (those who left, say): who was added, and who was not and why.
    List<String> notAdded = new ArrayList<>();
    BadgeHolders.byReason(refused).forEach((reason, members) ->
        notAdded.add(mentions(members) + ": " + SlackText.escape(SlackText.clip(reason, 300))));
    int added = giving.holders() - refused.size();
    boolean retry = refused.values().stream().anyMatch(s -> s instanceof GrantStatus.Pending p && p.retryable());
    List<String> fixes = refused.values().stream()
        .filter(s -> s instanceof GrantStatus.Pending p && !p.retryable())
        .map(s -> SlackText.escape(SlackText.clip(((GrantStatus.Pending) s).fix(), 300))).distinct().toList();
    return (added > 0 ? " " + added + " of the " + holders + " are in it now." : "")
        + " Slack did not add " + String.join("; ", notAdded) + "."
        + (fixes.isEmpty() ? "" : " Fix: " + String.join("; ", fixes) + ".")
        + (retry ? " Run this command again in a minute to try those again." : "");
  }

  /** One update for them all, refused with one answer: one answer for them all. */
  private static String noneAdded(String holders, Map<Player, GrantStatus> refused) {
    // Not pending badges: the retry command does not cover them.
    GrantStatus why = refused.values().iterator().next();
    if (why.equals(SlackBadgeGranter.LIST_REFUSED)) {
      return " Slack did not add the " + holders + ": " + SlackBadgeGranter.LIST_REFUSED.reason() + ". Add those still"
          + " in the workspace to the group in Slack: " + mentions(refused.keySet()) + ".";
    }
    if (why instanceof GrantStatus.Pending pending) {
      return " Slack did not add the " + holders + ": " + SlackText.escape(SlackText.clip(pending.reason(), 300))
          + (pending.retryable() ? ". Run this command again in a minute to add them."
              : ". Fix: " + SlackText.escape(SlackText.clip(pending.fix(), 500))
                  + "; then run this command again to add them.");
    }
    // One of them left, likely, and Slack did not say who: the same list fails again, so the admin adds by hand.
    return " Slack did not add the " + holders + ": " + SlackText.escape(SlackText.clip(
        ((GrantStatus.Failed) why).reason(), 300)) + ". One of them may have left the workspace: add those still in"
        + " it to the group in Slack: " + mentions(refused.keySet()) + ".";
  }

  /** Members as Slack mentions, the first 20 of them. */
  private static String mentions(Collection<Player> members) {
    List<String> shown = members.stream().limit(20).map(member -> "<@" + member.userId() + ">").toList();
    return String.join(", ", shown) + (members.size() > shown.size()
        ? " and " + (members.size() - shown.size()) + " more (the bot's log lists them)" : "");
  }

  static String retryReport(List<BadgeAward> retried) {
    List<String> parts = new ArrayList<>();
    long granted = retried.stream().filter(a -> a.status() instanceof GrantStatus.Granted).count();
    if (granted > 0) {
      parts.add("Granted " + granted + " pending badge(s).");
    }
    List<GrantStatus.Pending> pending = retried.stream().map(BadgeAward::status)
        .filter(GrantStatus.Pending.class::isInstance).map(GrantStatus.Pending.class::cast).toList();
    if (!pending.isEmpty()) {
      GrantStatus.Pending first = pending.get(0);
      long otherReasons = pending.stream().map(GrantStatus.Pending::reason).distinct().count() - 1;
      parts.add(pending.size() + " badge(s) still pending: " + SlackText.escape(SlackText.clip(first.reason(), 300))
          + ". Fix: " + SlackText.escape(SlackText.clip(first.fix(), 500)) + "."
          + (otherReasons > 0 ? " (" + otherReasons + " other reason(s): App Home lists them.)" : ""));
    }
    List<GrantStatus.Failed> failed = retried.stream().map(BadgeAward::status)
        .filter(GrantStatus.Failed.class::isInstance).map(GrantStatus.Failed.class::cast).toList();
    if (!failed.isEmpty()) {
      String reason = SlackText.escape(SlackText.clip(failed.get(0).reason(), 300));
      parts.add(failed.size() + " badge(s) given up: " + reason + ".");
    }
    return String.join(" ", parts);
  }

  private void save(Player player, TenantSettings settings) {
    store.saveSettings(player.tenantKey(), settings);
    log.info("{} changed the workspace's Warmup settings", player);
  }

  private String packIds() {
    return String.join(", ", catalog.all().stream().map(ChallengePack::id).toList());
  }

  private static @Nullable String match(Pattern pattern, String word) {
    Matcher matcher = pattern.matcher(word);
    if (!matcher.find()) {
      return null;
    }
    return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
  }
}
