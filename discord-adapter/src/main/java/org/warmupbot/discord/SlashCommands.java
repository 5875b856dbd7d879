package org.warmupbot.discord;

import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/** The slash commands this bot registers; all guild-only. */
final class SlashCommands {
  static final String WARMUP = "warmup";
  static final String LEADERBOARD = "warmup-leaderboard";
  static final String PROFILE = "warmup-profile";
  static final String ADMIN = "warmup-admin";

  private SlashCommands() {}

  static List<CommandData> all() {
    OptionData pack = new OptionData(OptionType.STRING, "pack", "Which challenge (default: the first one)")
        .setAutoComplete(true);
    CommandData warmup = Commands.slash(WARMUP, "Take a timed warmup challenge (only you see it)")
        .addOptions(pack).setContexts(InteractionContextType.GUILD);
    CommandData board = Commands.slash(LEADERBOARD, "This server's top 10 for a challenge")
        .addOptions(new OptionData(OptionType.STRING, "period", "This week or all time")
                .addChoice("week", "week").addChoice("all-time", "all-time"),
            pack)
        .setContexts(InteractionContextType.GUILD);
    CommandData profile = Commands.slash(PROFILE, "Badges, best score, streak and rates per category")
        .addOption(OptionType.USER, "member", "Whose profile (default: yours)")
        .setContexts(InteractionContextType.GUILD);
    CommandData admin = Commands.slash(ADMIN, "Set up Warmup Bot on this server")
        .addSubcommands(
            new SubcommandData("badge-role", "Role given for a pack's badge; leave out to create one")
                .addOptions(new OptionData(OptionType.STRING, "pack", "Which challenge").setAutoComplete(true))
                .addOption(OptionType.ROLE, "role", "The role (created for you when left out)"),
            new SubcommandData("announce-channel", "Where badges are announced (leave out: where played)")
                .addOptions(new OptionData(OptionType.CHANNEL, "channel", "A text or announcement channel")
                    .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS)),
            new SubcommandData("allow-channel", "Allow /warmup in a channel (none allowed: everywhere)")
                .addOption(OptionType.CHANNEL, "channel", "The channel", true)
                .addOption(OptionType.BOOLEAN, "remove", "Take the channel off the list instead"),
            new SubcommandData("allowed-channels", "List the channels /warmup may run in"),
            new SubcommandData("time-multiplier", "Give every question more time (1.0 to 4.0)")
                .addOptions(new OptionData(OptionType.NUMBER, "value", "1.0 = as the pack says", true)
                    .setRequiredRange(1.0, 4.0)),
            new SubcommandData("status", "Settings and badge roles still waiting to be given"),
            new SubcommandData("retry", "Give pending badge roles again, once the cause is fixed"),
            new SubcommandData("reload", "Reload the challenge packs from the bot's files (every server)"))
        .setContexts(InteractionContextType.GUILD)
        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
    return List.of(warmup, board, profile, admin);
  }
}
