/**
 * The Discord adapter: slash commands, buttons and modals over JDA, turning the core's views into messages and
 * its badges into roles. The public surface is {@link org.warmupbot.discord.DiscordBot} and its {@link
 * org.warmupbot.discord.DiscordSettings}; everything else is package-private.
 */
@NullMarked
package org.warmupbot.discord;

import org.jspecify.annotations.NullMarked;
