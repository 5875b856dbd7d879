/**
 * The Slack adapter: the Warmup shortcut and {@code /warmup} command open a challenge in a modal, badges become
 * user-group memberships, and App Home shows badges and leaderboards. Runs on Bolt for Java, over Socket Mode
 * or signed HTTP. The public surface is {@link org.warmupbot.slack.SlackBot}, {@link
 * org.warmupbot.slack.SlackSettings} and {@link org.warmupbot.slack.SlackBadgeGranter}, and {@link
 * org.warmupbot.slack.BoltRequestParser} for other Bolt apps behind a JDK HTTP server (the load harness's).
 */
@NullMarked
package org.warmupbot.slack;

import org.jspecify.annotations.NullMarked;
