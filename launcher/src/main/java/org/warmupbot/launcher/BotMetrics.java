package org.warmupbot.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.session.StepObserver;

/**
 * The bot's meters, scraped at {@code /metrics} in Prometheus format: live sessions, answers, timeouts, finished
 * runs, badge grants by outcome and reason, interaction-to-acknowledgement latency per platform, store latency.
 */
final class BotMetrics implements StepObserver {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  MeterRegistry registry() {
    return registry;
  }

  String scrape() {
    return registry.scrape();
  }

  void gaugeLiveSessions(Supplier<Number> liveSessions) {
    Gauge.builder("warmup_live_sessions", liveSessions).description("Sessions in progress").register(registry);
  }

  @Override
  public void observed(Player player, Step step) {
    String platform = player.platform().label();
    Event event = step.event();
    if (event instanceof Event.Finished finished) {
      Counter.builder("warmup_runs_finished")
          .description("Finished runs")
          .tag("platform", platform)
          .tag("badge", Boolean.toString(finished.run().badgeEarned()))
          .register(registry)
          .increment();
      event = finished.closedBy(); // the last question's answer or timeout counts like any other
    }
    if (event instanceof Event.Answered answered) {
      answer(platform, answered.correct() ? "correct" : "wrong");
    } else if (event instanceof Event.TimedOut) {
      timeout(platform);
    }
  }

  private void answer(String platform, String result) {
    Counter.builder("warmup_answers")
        .description("Answers judged")
        .tag("platform", platform)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  private void timeout(String platform) {
    Counter.builder("warmup_timeouts").description("Questions whose time ran out").tag("platform", platform).register(registry).increment();
  }

  /**
   * The reason codes of {@code warmup_badge_grants_total}, by how the granters' reasons begin (lower case): the
   * Discord role granter's, the Slack user group granter's and the core's. The reasons themselves name roles,
   * groups and error texts, unbounded values per server, so they stay in the log and the admin status; the label
   * takes one of these codes, or {@code other}.
   */
  private static final List<Map.Entry<String, String>> REASON_CODES = List.of(
      Map.entry("no badge role is set", "no_badge_role"),
      Map.entry("no user group is set", "no_badge_group"),
      Map.entry("the badge role (", "role_deleted"),
      Map.entry("user group ", "group_deleted"), // "user group S... does not exist"
      Map.entry("the role ", "role_above_bot"), // "the role X sits at or above the bot's highest role"
      Map.entry("the bot lacks the manage roles permission", "missing_permission"),
      Map.entry("the app lacks the ", "missing_permission"), // a Slack scope
      Map.entry("slack does not let the app change", "missing_permission"),
      Map.entry("user groups need a paid slack plan", "paid_plan_required"),
      Map.entry("the bot token was refused", "token_refused"),
      Map.entry("slack rate-limited", "rate_limited"),
      Map.entry("the bot is not connected to this server", "bot_not_connected"),
      Map.entry("the bot is no longer in the server", "bot_removed"),
      Map.entry("the member is no longer in the", "member_left"), // server, workspace
      Map.entry("not a slack member", "wrong_platform"),
      Map.entry("discord could not be reached", "platform_unreachable"),
      Map.entry("slack could not be reached", "platform_unreachable"),
      Map.entry("discord refused", "platform_refused"),
      Map.entry("slack refused", "platform_refused"),
      Map.entry("slack answered http", "platform_refused"), // an HTTP status other than 429
      Map.entry("the platform call failed", "platform_call_failed"));

  /**
   * Counts every grant through {@code granter} by outcome and a fixed reason code ({@link #reasonCode}); a grant
   * that throws is counted as {@link RunRecorder#platformCallFailed} (what the recorder stores for it), then
   * rethrown. A badge given again to members who hold it ({@link BadgeGranter#giveAgain}, {@link
   * BadgeGranter#giveAgainToAll}) is passed on to {@code granter}'s own quiet calls, not counted: nothing about it
   * is stored, and its refusals wait for nobody.
   */
  BadgeGranter metered(BadgeGranter granter) {
    return new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack pack) {
        GrantStatus status;
        try {
          status = granter.grant(player, pack);
        } catch (RuntimeException e) {
          count(player, RunRecorder.platformCallFailed(e));
          throw e;
        }
        count(player, status);
        return status;
      }

      @Override
      public GrantStatus giveAgain(Player player, ChallengePack pack) {
        return granter.giveAgain(player, pack);
      }

      @Override
      public Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack pack) {
        return granter.giveAgainToAll(holders, pack);
      }

      @Override
      public void retriesUsedUp(Player player, ChallengePack pack, GrantStatus.Pending last) {
        granter.retriesUsedUp(player, pack, last);
      }
    };
  }

  private void count(Player player, GrantStatus status) {
    String outcome;
    String reason;
    if (status instanceof GrantStatus.Granted) {
      outcome = "granted";
      reason = "";
    } else if (status instanceof GrantStatus.Pending pending) {
      outcome = "pending";
      reason = reasonCode(pending.reason());
    } else {
      outcome = "failed";
      reason = reasonCode(((GrantStatus.Failed) status).reason());
    }
    Counter.builder("warmup_badge_grants")
        .description("Badge grants by outcome and reason code")
        .tag("platform", player.platform().label())
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** One of a fixed set of codes for a granter's reason (see {@link #REASON_CODES}); {@code other} when unknown. */
  static String reasonCode(String reason) {
    String lower = reason.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> code : REASON_CODES) {
      if (lower.startsWith(code.getKey())) {
        return code.getValue();
      }
    }
    return "other";
  }

  void acknowledged(Platform platform, Duration latency) {
    Timer.builder("warmup_interaction_ack")
        .description("Time from an interaction's arrival to its acknowledgement")
        .tag("platform", platform.label())
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(latency);
  }

  Timer storeTimer(String operation) {
    return Timer.builder("warmup_store").description("Store operation latency").tag("operation", operation).register(registry);
  }
}
