package org.warmupbot.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.session.Event;
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

  /** Counts every grant through {@code granter} by outcome and reason. */
  BadgeGranter metered(BadgeGranter granter) {
    return (Player player, ChallengePack pack) -> {
      GrantStatus status = granter.grant(player, pack);
      String outcome;
      String reason;
      if (status instanceof GrantStatus.Granted) {
        outcome = "granted";
        reason = "";
      } else if (status instanceof GrantStatus.Pending pending) {
        outcome = "pending";
        reason = pending.reason();
      } else {
        outcome = "failed";
        reason = ((GrantStatus.Failed) status).reason();
      }
      Counter.builder("warmup_badge_grants")
          .description("Badge grants by outcome and reason")
          .tag("platform", player.platform().label())
          .tag("outcome", outcome)
          .tag("reason", reason.toLowerCase(Locale.ROOT))
          .register(registry)
          .increment();
      return status;
    };
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
