package org.warmupbot.launcher;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.DirectoryCatalog;
import org.warmupbot.core.pack.PackValidationException;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.SessionScope;
import org.warmupbot.core.port.SessionSnapshot;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.GrantRetries;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.discord.DiscordBot;
import org.warmupbot.discord.DiscordSettings;
import org.warmupbot.slack.SlackBot;
import org.warmupbot.slack.SlackSettings;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;
import org.warmupbot.store.jdbc.SessionClaim;

/**
 * The whole bot in one process: packs, store, engine, every configured platform, health and metrics. Built by
 * hand in one place, in dependency order; {@link #close()} shuts down gracefully: it stops new sessions,
 * snapshots live ones, finishes pending writes and grants, and closes connections, so the next start resumes.
 *
 * <p>Only a started application that serves chat platforms (the {@code run} command) resumes and writes down
 * sessions, and only those of the platforms it serves: a terminal command on the same store (leaderboard,
 * profile, play) leaves the bot's written-down sessions alone, and a Discord process and a Slack process sharing
 * one store each keep and resume their own. A process claims its sessions on the store before resuming them, so a
 * second one started for any of them fails to start (see {@code JdbcStore#claimSessions}).
 */
final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  /** The terminal is a tenant of its own, so terminal runs rank apart from every server. */
  static final String TERMINAL_TENANT = "local";

  private final Settings settings;
  private final BotMetrics metrics = new BotMetrics();
  private final DirectoryCatalog catalog;
  private final JdbcStore store;
  private final ResultStore timedStore;
  private final ExecutorService grants = Executors.newSingleThreadExecutor(daemon("warmup-badge-grants"));
  // Holders given a badge again after an admin changed its role: on Discord one call each, minutes on a big server.
  private final ExecutorService holders = Executors.newSingleThreadExecutor(daemon("warmup-badge-holders"));
  private final ScheduledExecutorService chores = choresExecutor();
  private final RunRecorder recorder;
  private final ChallengeEngine engine;
  private final @Nullable DiscordBot discord;
  private final @Nullable SlackBot slack;
  private final Leaderboards leaderboards;
  /** The sessions this process writes down and resumes: of the chat platforms (and Discord shards) it serves. */
  private final SessionScope sessionScope;
  /** The same sessions, claimed on the store at start so that no other process serves them too. */
  private final SessionClaim sessionClaim;
  /**
   * Set once {@link #start()} resumed this process's platforms' sessions: from then on their snapshots are this
   * process's to replace. Before (a terminal command, a start that failed early) they belong to the process that
   * wrote them, and are kept.
   */
  private volatile boolean ownsSessions;
  private @Nullable HealthServer health;

  /**
   * Opens the packs and the store and builds the engine; connects no platform yet.
   *
   * @param platforms whether to build the configured platforms (false for terminal play)
   */
  Application(Settings settings, Clock clock, boolean platforms) throws PackValidationException {
    this.settings = settings;
    // Migrating the store and validating the packs do not depend on each other: the store opens on its own
    // thread while the packs load and the Slack client is built (about a third of start-up, otherwise in line).
    CompletableFuture<JdbcStore> opening = CompletableFuture.supplyAsync(() -> openStore(settings),
        runnable -> daemon("warmup-store-open").newThread(runnable).start());
    PackReloader chatReloader = chatReloader(settings);
    SlackBot slackBot = null;
    try {
      this.catalog = new DirectoryCatalog(settings.packs());
      if (platforms && settings.slack().enabled()) {
        slackBot = new SlackBot(slackSettings(settings.slack()), catalog, clock, metrics::acknowledged, chatReloader);
      }
      this.store = joined(opening);
    } catch (PackValidationException | RuntimeException e) {
      // Opened for nothing: the bot does not start. Let a migration under way finish first (for 5 s at most)
      // rather than cut it off at exit.
      JdbcStore opened = opening.handle((store, failed) -> store).completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
      if (opened != null) {
        opened.close();
      }
      if (slackBot != null) {
        slackBot.close();
      }
      throw e;
    }
    this.slack = slackBot;
    this.timedStore = new TimedResultStore(store, metrics);
    Map<Platform, BadgeGranter> granters = new EnumMap<>(Platform.class);
    DiscordSettings discordSettings = null;
    if (platforms && settings.discord().enabled()) {
      Settings.Discord config = settings.discord();
      discordSettings =
          new DiscordSettings(config.token(), config.shards(), config.devGuild(), config.apiUrl(), config.gatewayUrl(), null,
              config.shardIds());
      discord = new DiscordBot(discordSettings, catalog, timedStore, clock, settings.weekZone(),
          metrics::acknowledged, chatReloader);
      granters.put(Platform.DISCORD, metrics.metered(discord.badgeGranter()));
    } else {
      discord = null;
    }
    if (slack != null) {
      granters.put(Platform.SLACK, metrics.metered(slack.badgeGranter(timedStore)));
    }
    Set<Platform> served = EnumSet.noneOf(Platform.class);
    if (discord != null) {
      served.add(Platform.DISCORD);
    }
    if (slack != null) {
      served.add(Platform.SLACK);
    }
    // Every tenant of the platforms served, but on Discord split by discord.shardIds only its shards' servers.
    DiscordSettings shards = discordSettings;
    this.sessionScope = new SessionScope(served,
        tenant -> tenant.platform() != Platform.DISCORD || shards == null || shards.servesGuild(tenant.id()));
    this.sessionClaim = SessionClaim.of(slack != null, discord != null, settings.discord().shards(),
        settings.discord().shardIds());
    this.leaderboards = new Leaderboards(timedStore, clock, settings.weekZone());
    // A grant refused for a passing reason (Slack's 429, an outage) waits for its retry on the chores thread, then
    // runs on the grants thread like any other.
    this.recorder = new RunRecorder(timedStore, granters, grants, GrantRetries.on(chores, clock), holders);
    this.engine =
        ChallengeEngine.builder(catalog, clock)
            .recorder(recorder)
            .idleTimeout(settings.idleTimeout())
            .timeMultiplier(new StoreTimeMultiplier(timedStore))
            .observer(metrics)
            .build();
    metrics.gaugeLiveSessions(engine::liveSessions);
  }

  /** The result of start-up work done on another thread, or that thread's own exception (its message is the user's). */
  private static <T> T joined(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static SlackSettings slackSettings(Settings.Slack config) {
    SlackSettings slackSettings =
        config.socketMode()
            ? SlackSettings.socketMode(config.botToken(), config.appToken())
            : SlackSettings.http(config.botToken(), config.signingSecret(), config.httpPort())
                .withHttp("0.0.0.0", config.httpPort(), config.httpPath());
    return slackSettings.withApiUrl(config.apiUrl()).withWebApiCalls(config.webApiCalls());
  }

  private static JdbcStore openStore(Settings settings) {
    Settings.Store store = settings.store();
    if (store.url() == null) {
      return JdbcStores.sqlite(store.sqliteFile(), settings.weekZone());
    }
    return JdbcStores.open(store.url(), store.user(), store.password(), settings.weekZone());
  }

  /** Resumes the sessions of the last run, connects every platform and starts health and chores. */
  void start() throws IOException {
    if (!sessionScope.platforms().isEmpty()) {
      // Before resuming: a second process started for the same sessions (Slack twice, a Discord shard twice, or
      // another discord.shards) is refused, rather than each replacing the other's written-down sessions.
      store.claimSessions(sessionClaim);
      List<SessionSnapshot> snapshots = store.loadAll(sessionScope);
      int restored = engine.restore(snapshots);
      ownsSessions = true;
      if (!snapshots.isEmpty()) {
        log.info("Resumed {} of {} sessions from the last run", restored, snapshots.size());
      }
    }
    // Discord's login and Slack's start load their libraries and wait on the network: side by side, not in turn.
    DiscordBot discordBot = discord;
    CompletableFuture<Void> discordStarting = discordBot == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> discordBot.start(engine, recorder),
            runnable -> daemon("warmup-discord-login").newThread(runnable).start());
    try {
      if (slack != null) {
        slack.start(engine, leaderboards, timedStore, recorder);
      }
    } catch (RuntimeException slackFailed) {
      try {
        joined(discordStarting);
      } catch (RuntimeException discordFailed) {
        slackFailed.addSuppressed(discordFailed); // both platforms refused: the user hears of both
      }
      throw slackFailed;
    }
    joined(discordStarting);
    // Written down often, so even a crash loses at most a few seconds of progress.
    chores.scheduleWithFixedDelay(this::snapshotSessions, 10, 10, TimeUnit.SECONDS);
    chores.scheduleWithFixedDelay(recorder::retryWrites, 5, 5, TimeUnit.SECONDS);
    if (ownsSessions) {
      // A claim lost with its lock connection is taken again; one lost to another process turns health to 503.
      chores.scheduleWithFixedDelay(store::checkClaims, 5, 5, TimeUnit.SECONDS);
    }
    if (settings.healthPort() > 0) {
      Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
      checks.put("store", this::storeReachable);
      if (discord != null) {
        checks.put("discord", discord::connected);
      }
      if (slack != null) {
        checks.put("slack", slack::connected);
      }
      health = new HealthServer(settings.healthPort(), checks, metrics::scrape, this::reloadPacks);
      health.start();
      log.info("Health at http://localhost:{}/health, metrics at /metrics", health.port());
    }
  }

  /** What the platforms' admin reload runs: the reload, unless the operator turned it off for chat. */
  private PackReloader chatReloader(Settings settings) {
    return settings.chatReload() ? this::reloadPacks : () -> new PackReloader.Result(false,
        "Reloading the challenge packs from chat is turned off by the bot's operator (admin.chatReload); they "
            + "reload them on the bot's machine with `java -jar warmup-bot.jar reload`.");
  }

  /** Reloads the packs; the one way operators (health port) and admins (platform commands) do it. */
  PackReloader.Result reloadPacks() {
    try {
      List<String> packs = catalog.reload().stream().map(pack -> pack.id() + " (" + pack.size() + " questions)").toList();
      log.info("Reloaded the challenge packs: {}", packs);
      return new PackReloader.Result(true, "Reloaded " + packs.size() + " challenge packs: " + String.join(", ", packs) + ".");
    } catch (PackValidationException invalid) {
      log.warn("Refused a pack reload; the loaded packs stay in service:\n{}", invalid.getMessage());
      return new PackReloader.Result(false, "Refused; the loaded packs stay in service.\n" + invalid.getMessage());
    }
  }

  private boolean storeReachable() {
    return store.reachable();
  }

  /** Writes down the live sessions (every 10 s); package-private for tests. */
  void snapshotSessions() {
    writeDown(engine.snapshot());
  }

  /** Replaces the written-down sessions of this process's platforms with these, once it owns them. */
  private void writeDown(List<SessionSnapshot> sessions) {
    if (!ownsSessions) {
      return;
    }
    // Only sessions of this process's platforms and shards can be live here; the filter keeps the store's check a
    // formality.
    List<SessionSnapshot> mine = sessions.stream().filter(session -> sessionScope.covers(session.player())).toList();
    try {
      store.replaceAll(sessionScope, mine);
    } catch (RuntimeException e) {
      log.warn("Could not write down the live sessions: {}", e.getMessage());
    }
  }

  ChallengeEngine engine() {
    return engine;
  }

  /** The executor of the periodic write-down and retries; tests queue work on it. */
  ScheduledExecutorService chores() {
    return chores;
  }

  DirectoryCatalog catalog() {
    return catalog;
  }

  ResultStore store() {
    return timedStore;
  }

  Leaderboards leaderboards() {
    return leaderboards;
  }

  RunRecorder recorder() {
    return recorder;
  }

  Tenant terminalTenant() {
    return new Tenant(Platform.TERMINAL, TERMINAL_TENANT);
  }

  /**
   * Graceful shutdown: a second or two as a rule; every wait below is bounded, about 25 s in all when the store
   * or a platform stops answering (the systemd unit allows 30).
   */
  @Override
  public void close() {
    chores.shutdown();
    try {
      // A write-down already running would race the last one below (the later replaceAll wins): let it end.
      if (!chores.awaitTermination(3, TimeUnit.SECONDS)) {
        log.warn("A periodic write-down or retry is still running at shutdown; writing down the sessions anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Every live session written down, then none left to time out into the stores and platforms closed below;
    // presses from here on are told their challenge is kept.
    writeDown(engine.shutDown());
    try {
      // Runs finished by the last presses are written on the platforms' executors, after their acknowledgement.
      if (!engine.awaitRecordings(Duration.ofSeconds(5))) {
        log.warn("Finished runs are still being written at shutdown; those the store cannot take now are lost");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Holders keep their badge whatever happens to its new role: theirs is not waited for, but said. The executor
    // first, so an admin's ask from here on is refused ("I am stopping") rather than queued and dropped.
    holders.shutdownNow();
    recorder.holders().abandon().forEach(what -> log.warn("The bot is stopping before {} were all given the"
        + " badge's new role or group: an admin runs badge-role (Discord) or badge-group (Slack) again", what));
    grants.shutdown();
    try {
      if (!grants.awaitTermination(4, TimeUnit.SECONDS)) {
        log.warn("Badge grants still running at shutdown; their badges stay pending (stored when earned) and the"
            + " next start gives them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int unsaved = recorder.retryWrites();
    if (unsaved > 0) {
      log.error("{} results could not be saved before shutdown: the store is unreachable", unsaved);
    }
    if (discord != null) {
      discord.close();
    }
    if (slack != null) {
      slack.close();
    }
    if (health != null) {
      health.close();
    }
    store.close();
  }

  /**
   * The chores' single thread. At shutdown it drops the badge grant retries still waiting (their badges stay
   * being granted, for the next start) rather than run them, minutes later, against a closed store.
   */
  private static ScheduledExecutorService choresExecutor() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("warmup-chores"));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
