package org.warmupbot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.session.SettingsReads;

/**
 * Warmup Bot on Slack: wires the challenge modal, badges and App Home into a Bolt app and connects it over
 * Socket Mode or HTTP, as {@link SlackSettings} says.
 *
 * <p>Lifecycle: construct, hand {@link #badgeGranter} to the core's {@code RunRecorder}, then {@link #start}
 * once and {@link #close} once. {@code start} and {@code close} are not meant to race each other; {@link
 * #connected()} may be called from any thread. Secrets from the settings are never logged.
 */
public final class SlackBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
  private final SlackSettings settings;
  private final ChallengeCatalog catalog;
  private final Clock clock;
  private final AckObserver acks;
  private final PackReloader reloader;
  private final Slack slack;
  private final MethodsClient methods;
  private final ExecutorService async;
  /** Reads a workspace's settings to open a challenge, bounded (SettingsReads.IN_TIME); made with the store. */
  private @Nullable SettingsReads settingsReads;
  private final OrderedExecutor recordings;
  private final ExecutorService adminWork;
  private final RetryTimer retries; // rate-limited modal and Home tab calls, until Slack's Retry-After
  // Modal and App Home calls, in order per member, after the acknowledgement; settings.webApiCalls() at once.
  private final OrderedExecutor lanes;
  private @Nullable App app;
  private volatile @Nullable ChallengeFlow flow;
  private @Nullable HttpEndpoint http;
  private @Nullable SocketModeEndpoint socketMode;
  private volatile boolean running;

  /**
   * @param catalog the packs on offer (the first is what the shortcut opens unless the settings name one)
   * @param clock the clock request timestamps are checked against, and a queued {@code views.open}'s trigger id
   *     is timed by; the system clock in production
   * @param acks ({@link AckObserver#NONE} for none) told, once per interaction acknowledged (shortcut, command,
   *     button, submission; not Events API callbacks), how long our handling took until the acknowledgement;
   *     called on Bolt's request threads
   * @param reloader ({@link PackReloader#NONE} when the bot cannot reload) what {@code /warmup admin reload}
   *     runs for a workspace admin, within the acknowledgement; it reloads the packs of every workspace (there is
   *     one set); its message is the admin's private answer
   */
  public SlackBot(SlackSettings settings, ChallengeCatalog catalog, Clock clock, AckObserver acks,
      PackReloader reloader) {
    this(settings, catalog, clock, acks, reloader, RetryTimer.system(daemonThreads("slack-retry-")));
  }

  /**
   * As above, with the time rate-limited calls wait on (a test's, so Slack's Retry-After passes at its word); the
   * bot closes it in {@link #close}.
   */
  SlackBot(SlackSettings settings, ChallengeCatalog catalog, Clock clock, AckObserver acks, PackReloader reloader,
      RetryTimer retries) {
    this.settings = settings;
    this.catalog = catalog;
    this.clock = clock;
    this.acks = acks;
    this.reloader = reloader;
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(settings.apiUrl());
    config.setPrettyResponseLoggingEnabled(false);
    // The SDK's per-team call statistics, unused here, look the team up with an extra auth.test first, which
    // logs a stack trace at ERROR when Slack cannot be reached, before the bot's own one-line reason.
    config.setStatsEnabled(false);
    this.slack = Slack.getInstance(config);
    this.methods = slack.methods(settings.botToken());
    this.async = Executors.newFixedThreadPool(2, daemonThreads("slack-async-"));
    // Finished runs' writes (up to the store's 2 s save wait each), apart from the lanes other members' modals use.
    this.recordings = new OrderedExecutor("slack-records", 4, Duration.ofSeconds(10));
    this.lanes = new OrderedExecutor("slack-views", settings.webApiCalls(), Duration.ofSeconds(10));
    // One admin command at a time: its grant retries may take long, and settings are read, changed and written
    // whole, so two at once could lose one's change.
    this.adminWork = Executors.newSingleThreadExecutor(daemonThreads("slack-admin-"));
    this.retries = retries;
  }

  /** Daemon threads named {@code prefix} and a number. */
  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger threads = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The granter to register for {@link Platform#SLACK} in the core's {@code RunRecorder}. */
  public BadgeGranter badgeGranter(ResultStore store) {
    return new SlackBadgeGranter(methods, store);
  }

  /**
   * Registers the handlers and connects. Returns once the HTTP endpoint listens, or once the Socket Mode
   * connection was asked for (it completes in the background; see {@link #connected()}).
   *
   * @param leaderboards the boards and profiles App Home and {@code /warmup leaderboard} show
   * @param store where badge groups, badges and settings are read
   * @param recorder lets admins retry pending badges from App Home; null hides nothing but retries nothing
   * @throws IllegalStateException when already started; when Slack refuses the bot token or cannot be reached
   *     (its {@code auth.test}), or refuses the app-level token: the message names Slack's error or the
   *     connection's
   * @throws UncheckedIOException when the HTTP port cannot be bound, or Slack could not be reached to open the
   *     Socket Mode connection
   */
  public synchronized void start(
      ChallengeEngine engine, Leaderboards leaderboards, ResultStore store, @Nullable RunRecorder recorder) {
    start(engine, Boards.of(leaderboards, catalog), store, recorder);
  }

  /** A start-up failure whose message says all (what failed and what to check): passed on as it is. */
  private static final class StartRefused extends IllegalStateException {
    StartRefused(String message) {
      super(message);
    }
  }

  /** Slack's errors for an app-level token it will not take (a bot token pasted there gets one of these too). */
  private static final Set<String> APP_TOKEN_ERRORS = Set.of("invalid_auth", "not_authed", "token_revoked",
      "token_expired", "account_inactive", "not_allowed_token_type", "missing_scope");

  /**
   * What start-up says when Slack will not open a Socket Mode connection: Bolt says "Failed to connect to the
   * Socket Mode endpoint URL (error: invalid_auth)", which names neither the token nor where it is set. Only
   * Slack's token errors are put down to the token; any other (Slack failing on its side) is named as such.
   */
  static IllegalStateException socketModeRefused(@Nullable String boltMessage) {
    String said = boltMessage == null ? "" : boltMessage;
    int error = said.indexOf("(error: ");
    String why = error >= 0 ? said.substring(error + "(error: ".length()).replaceFirst("\\)$", "") : said;
    if (APP_TOKEN_ERRORS.contains(why)) {
      return new StartRefused("could not start the Slack bot: Slack refused the app-level token"
          + " (apps.connections.open: " + why + "); check SLACK_APP_TOKEN: an app-level token with the"
          + " connections:write scope, which starts with xapp- (Basic Information, App-Level Tokens)");
    }
    return new StartRefused("could not start the Slack bot: Slack did not open a Socket Mode connection"
        + " (apps.connections.open: " + why + "); try again in a minute, and see status.slack.com if it goes on");
  }

  /**
   * What start-up says when Bolt's {@code auth.test} fails. Bolt says "The token is invalid" whatever failed and
   * keeps no cause, but words the two cases apart: "(auth.test error: invalid_auth)" when Slack answered and
   * refused the token, "(error: slack.com: Name or service not known)" when the call itself failed.
   */
  static IllegalStateException authTestFailed(@Nullable String boltMessage, String apiUrl) {
    String said = boltMessage == null ? "" : boltMessage;
    int refused = said.indexOf("auth.test error: ");
    if (refused >= 0) {
      String error = said.substring(refused + "auth.test error: ".length()).replaceFirst("\\)$", "");
      return new IllegalStateException("could not start the Slack bot: Slack refused the bot token (auth.test: "
          + error + "); check SLACK_BOT_TOKEN: the app's Bot User OAuth Token, which starts with xoxb-");
    }
    int error = said.indexOf("(error: ");
    String why = error >= 0 ? said.substring(error + "(error: ".length()).replaceFirst("\\)$", "") : said;
    return new IllegalStateException("could not start the Slack bot: Slack could not be reached at " + apiUrl
        + " (" + why + "); check this machine's network and proxy settings"
        + (SlackSettings.DEFAULT_API_URL.equals(apiUrl) ? "" : ", and slack.apiUrl (WARMUP_SLACK_API_URL)"));
  }

  synchronized void start(ChallengeEngine engine, Boards boards, ResultStore store, @Nullable RunRecorder recorder) {
    if (app != null) {
      throw new IllegalStateException("the Slack bot is already started");
    }
    AppConfig config = AppConfig.builder()
        .singleTeamBotToken(settings.botToken())
        .signingSecret(settings.signingSecret())
        .slack(slack)
        .build();
    App bolt = new App(config);
    try {
      bolt.use(new AckTiming(acks)); // Bolt checks the bot token here (auth.test)
    } catch (IllegalArgumentException e) {
      throw authTestFailed(e.getMessage(), settings.apiUrl());
    }
    SlackViews views = new SlackViews();
    ViewCalls viewCalls = new ViewCalls(methods, settings.botToken(), retries::nanoTime);
    WorkspaceAdmins admins = new WorkspaceAdmins(methods);
    HomeTab home = new HomeTab(admins, viewCalls, catalog, store, boards, recorder, views, settings.defaultPackId(),
        lanes, adminWork, retries);
    AdminCommand admin = new AdminCommand(admins, catalog, store, recorder, reloader);
    SettingsReads settingsReads = new SettingsReads(store, "slack-settings");
    this.settingsReads = settingsReads;
    ChallengeFlow flow = new ChallengeFlow(engine, catalog, store, methods, viewCalls, views, new LiveModals(), home,
        new BoardMessages(catalog, boards, views), admin, async, settingsReads, adminWork, recordings, lanes, retries,
        settings.defaultPackId(), clock);
    flow.register(bolt);
    this.flow = flow;
    bolt.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
      AppHomeOpenedEvent event = payload.getEvent();
      if ("home".equals(event.getTab()) || event.getTab() == null) {
        String team = payload.getTeamId() != null ? payload.getTeamId() : ctx.getTeamId();
        Player player = new Player(Platform.SLACK, team, event.getUser());
        lanes.executeLatest(player, ChallengeFlow.Slot.HOME, replaced -> home.publish(player));
      }
      return ctx.ack();
    });
    this.app = bolt;
    try {
      if (settings.mode() == SlackSettings.Mode.HTTP) {
        HttpEndpoint endpoint = new HttpEndpoint(bolt, new RequestGuard(settings.signingSecret(), clock),
            settings.bindAddress(), settings.port(), settings.path());
        bolt.start();
        endpoint.start();
        this.http = endpoint;
        log.info("Slack bot listening for signed requests on {}:{}{}", settings.bindAddress(), endpoint.port(),
            settings.path());
      } else {
        try {
          this.socketMode = SocketModeEndpoint.start(bolt, settings.appToken());
        } catch (IllegalStateException e) {
          throw socketModeRefused(e.getMessage());
        }
        log.info("Slack bot connecting over Socket Mode via {}", settings.apiUrl());
      }
    } catch (StartRefused e) {
      throw e; // says all already
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Slack bot (" + settings.mode() + "): " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "could not start the Slack bot (" + settings.mode() + "): " + e.getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("could not start the Slack bot (" + settings.mode() + "): " + e.getMessage(), e);
    }
    running = true;
    if (recorder != null) {
      // One process serves every Slack workspace of its store (its session claim): all of them are its to resume.
      recorder.resumeInterrupted(Platform.SLACK, tenant -> true, catalog);
    }
  }

  /** The port the HTTP endpoint listens on (useful with port 0), or -1 in Socket Mode or before start. */
  public int httpPort() {
    HttpEndpoint endpoint = http;
    return endpoint == null ? -1 : endpoint.port();
  }

  /**
   * True while the bot can take requests: the HTTP endpoint is listening, or the Socket Mode WebSocket answers
   * a ping (this may take up to 3 seconds).
   */
  public boolean connected() {
    if (!running) {
      return false;
    }
    if (http != null) {
      return true;
    }
    SocketModeEndpoint socket = socketMode;
    return socket != null && socket.connected();
  }

  /**
   * What the bot skipped of its queued Web API calls since it started, because nobody would have seen them.
   *
   * @param replacedUpdates modal updates and App Home refreshes replaced by a newer one of the same member before
   *     they were sent
   * @param expiredOpens {@code views.open} calls not made because their trigger id was past Slack's 3 seconds
   * @param staleRetries modal opens and updates Slack rate-limited that were not tried again, the modal having
   *     changed since
   */
  public record Shed(long replacedUpdates, long expiredOpens, long staleRetries) {}

  /** What was shed so far; zeros before {@link #start}. Any thread. */
  public Shed shed() {
    ChallengeFlow current = flow;
    return current == null
        ? new Shed(lanes.replaced(), 0, 0)
        : new Shed(lanes.replaced(), current.expiredOpens(), current.staleRetries());
  }

  /**
   * Waits until the runs being written were, the admin work queued so far ended and every modal and App Home call
   * queued so far was made; for tests, which read what the fake Slack shows after an acknowledgement.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitViewCalls(Duration timeout) throws InterruptedException {
    if (!recordings.awaitIdle(timeout)) { // a write done queues its summary on the lanes
      return false;
    }
    try {
      adminWork.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS); // what it queues on the lanes
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
    return lanes.awaitIdle(timeout);
  }

  /**
   * Stops taking requests, makes the modal and App Home calls still queued (for at most 10 seconds; they run in
   * order per member), then releases threads and sockets. Idempotent.
   */
  @Override
  public synchronized void close() {
    running = false;
    if (http != null) {
      http.close();
      http = null;
    }
    if (socketMode != null) {
      socketMode.close();
      socketMode = null;
    }
    if (app != null) {
      try {
        app.stop();
      } catch (Exception e) {
        log.info("Stopping the Bolt app: {}", e.toString());
      }
    }
    int dropped = retries.close(); // rate-limited calls still waiting: not worth holding shutdown for
    if (dropped > 0) {
      log.info("Dropped {} rate-limited modal or Home tab calls still waiting for Slack's Retry-After", dropped);
    }
    recordings.close(); // runs still being written, and their summaries queued on the lanes, before those close
    lanes.close(); // before async: a queued call may still hand an announcement to async
    async.shutdown();
    SettingsReads reads = settingsReads;
    if (reads != null) {
      reads.close();
    }
    adminWork.shutdown();
    try {
      slack.close();
    } catch (Exception e) {
      log.info("Closing the Slack client: {}", e.toString());
    }
  }
}
