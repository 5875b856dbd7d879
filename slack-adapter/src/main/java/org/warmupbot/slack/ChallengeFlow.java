package org.warmupbot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.ViewState;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.MemberPace;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.session.SettingsReads;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.view.ClockText;
import org.warmupbot.core.view.View;

/**
 * The challenge in a modal: the shortcuts and {@code /warmup} open it on their trigger id, every press updates
 * it, typed answers come from a dispatched input or the submit button, and a deadline nobody pressed for turns
 * it into "Time's up" by itself. Presses are applied under the press id {@code action_ts:user} (or the view
 * submission's trigger id), so a delivery Slack retries is never counted twice; presses on a modal whose
 * metadata names another member are refused.
 *
 * <p>Threading: handlers run on Bolt's threads (HTTP workers or Socket Mode's pool) and acknowledge without
 * waiting for the Web API. On the request thread they only apply the press to the engine (in memory, so press-id
 * dedupe and the order of one member's presses are decided there) and read the settings; a run a press finishes
 * is written on {@code recordings}, after the acknowledgement, and its summary queued on the member's lane then (a
 * submitted answer box, which answers with the next screen in its acknowledgement, writes it first); the {@code
 * views.open}
 * and {@code views.update} that show the result are queued on {@code lanes}, keyed by member, and sent after the
 * acknowledgement. One member's calls therefore reach Slack in press order (two quick presses cannot show a stale
 * screen last), and a deadline passing with nobody pressing ({@code timedOut}, called on the engine's thread)
 * goes through the same lane, so it cannot overtake a press. A refused or failed Web API call is logged, never
 * thrown: the member was acknowledged already.
 *
 * <p>Shedding, for when the lanes fall behind (a saturated CPU, a slow Slack): a modal update is queued with
 * {@link OrderedExecutor#executeLatest} in the member's {@link Slot#MODAL} slot, so a member who presses again
 * while the update of an earlier press still waits has that waiting update replaced by the new one. Each update
 * writes the engine's whole current view, so the skipped one is a screen nobody would have seen for long. A
 * deadline's update is an update of the same modal and takes part; a {@code views.open}, an App Home refresh or an
 * announcement queued in between is never skipped and keeps its place (the executor replaces only the key's last
 * queued task), so an update never overtakes an opening. An update that replaced another is sent without a hash:
 * it stands for presses made on different screens, and the engine's view is written either way (see {@link
 * #update}). A queued {@code views.open} whose trigger id is older than {@link #TRIGGER_LIFETIME} when its turn comes
 * (counted from when the handler got the request, by the injected clock) is not sent: Slack would refuse it with {@code
 * expired_trigger_id}. It is logged and counted; the session was opened in the engine already, so the member's next
 * {@code /warmup} or shortcut offers to resume it. View submissions answer in the acknowledgement itself ({@code
 * response_action}) and make no Web API call; {@code /warmup help} answers in the acknowledgement too; {@code /warmup
 * admin} is acknowledged at once and answered privately through the command's {@code response_url} from {@code
 * adminWork} (it asks {@code users.info}, writes settings and may retry badge grants: longer than Slack's 3 s allows).
 * {@code /warmup leaderboard} is acknowledged at once and answered the same way from {@code async}, where badge
 * announcements go too; a press on one of that answer's page buttons is acknowledged at once and the page is posted
 * through the press's response_url from the member's lane ({@link #turnPage}).
 */
final class ChallengeFlow {
  private static final Logger log = LoggerFactory.getLogger(ChallengeFlow.class);

  static final String STORE_DOWN = "I cannot start a challenge right now: the results store (where this"
      + " workspace's settings and scores are kept) is unavailable. Try again in a minute.";
  static final String SETTINGS_SLOW = "I cannot start a challenge right now: this workspace's settings are slow to"
      + " read (the results store is busy). Try again in a moment.";
  static final String RECORDING_FAILED = "Your challenge is over, but something went wrong on my side while saving"
      + " it, so I cannot show its summary. Your workspace's admins can find the error in the bot's log.";

  /** callback_id of the global shortcut ("Warmup challenge"). */
  static final String SHORTCUT_CALLBACK = "warmup_challenge";
  /** callback_id of the message shortcut; the plain one is accepted too. */
  static final String MESSAGE_SHORTCUT_CALLBACK = "warmup_challenge_message";
  static final String COMMAND = "/warmup";
  /** How long Slack accepts a trigger id for {@code views.open}. */
  static final Duration TRIGGER_LIFETIME = Duration.ofSeconds(3);

  /** What a member's queued Web API call writes as a whole, for {@link OrderedExecutor#executeLatest}. */
  enum Slot {
    /** The member's challenge modal (one at a time: a new one comes only with a {@code views.open}). */
    MODAL,
    /** The member's App Home tab. */
    HOME
  }

  private final ChallengeEngine engine;
  private final ChallengeCatalog catalog;
  private final ResultStore store;
  private final MethodsClient client;
  private final ViewCalls viewCalls;
  private final SlackViews views;
  private final LiveModals live;
  private final HomeTab home;
  private final BoardMessages boards;
  private final AdminCommand admin;
  private final Executor async;
  private final SettingsReads settingsReads;
  private final Executor adminWork;
  private final OrderedExecutor recordings;
  private final OrderedExecutor lanes;
  private final @Nullable String defaultPackId;
  private final Clock clock;
  /** Bounds each member's {@code /warmup leaderboard}, queued on {@code async} beside announcements. */
  private final MemberPace pace;
  private final LongAdder expiredOpens = new LongAdder();
  private final RetryTimer retries;
  private final AtomicLong modalChanges = new AtomicLong();
  // The number (from modalChanges) of the last change of each member's modal that was queued or made (an update,
  // an open, a submission's answer): a rate-limited open or update tried again later runs only if it is still the
  // last, so it never overwrites a newer screen. Kept well past the longest a call can wait (3 refusals and 5
  // holds, each at most 60 s and a fifth: under 10 minutes).
  private final Cache<Player, Long> lastModalChange =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(15)).maximumSize(100_000).build();
  private final LongAdder staleRetries = new LongAdder();

  /**
   * @param boards the answer to {@code /warmup leaderboard} and its pages
   * @param async where announcements and leaderboards are posted, in no particular order
   * @param adminWork where {@code /warmup admin} runs and answers, one command at a time
   * @param recordings where the runs presses finish are written, after the acknowledgement, keyed by member
   * @param lanes where modal and App Home calls are made, in order per member ({@link Player} is the key)
   * @param retries where a rate-limited modal open or update waits for Slack's Retry-After before it is queued
   *     again
   * @param clock when a request was received and when its queued {@code views.open} got its turn
   */
  ChallengeFlow(ChallengeEngine engine, ChallengeCatalog catalog, ResultStore store, MethodsClient client,
      ViewCalls viewCalls, SlackViews views, LiveModals live, HomeTab home, BoardMessages boards, AdminCommand admin,
      Executor async, SettingsReads settingsReads, Executor adminWork, OrderedExecutor recordings,
      OrderedExecutor lanes, RetryTimer retries, @Nullable String defaultPackId, Clock clock) {
    this.admin = admin;
    this.clock = clock;
    this.pace = new MemberPace(clock);
    this.engine = engine;
    this.catalog = catalog;
    this.store = store;
    this.client = client;
    this.viewCalls = viewCalls;
    this.views = views;
    this.live = live;
    this.home = home;
    this.boards = boards;
    this.settingsReads = settingsReads;
    this.async = async;
    this.adminWork = adminWork;
    this.recordings = recordings;
    this.lanes = lanes;
    this.retries = retries;
    this.defaultPackId = defaultPackId;
  }

  void register(App app) {
    app.globalShortcut(SHORTCUT_CALLBACK, (req, ctx) -> {
      var payload = req.getPayload();
      open(player(teamOf(payload.getTeam() == null ? null : payload.getTeam().getId(), ctx),
          payload.getUser().getId()), defaultPack(), null, payload.getTriggerId());
      return ctx.ack();
    });
    app.messageShortcut(Pattern.compile("^warmup_challenge(_message)?$"), (req, ctx) -> {
      var payload = req.getPayload();
      String channel = payload.getChannel() == null ? null : payload.getChannel().getId();
      open(player(teamOf(payload.getTeam() == null ? null : payload.getTeam().getId(), ctx),
          payload.getUser().getId()), defaultPack(), channel, payload.getTriggerId());
      return ctx.ack();
    });
    app.command(COMMAND, this::command);
    app.blockAction(Pattern.compile(".+"), this::blockAction);
    app.viewSubmission(SlackViews.MODAL_CALLBACK, this::submission);
    engine.addTimeoutListener(this::timedOut);
  }

  private Response command(SlashCommandRequest req, SlashCommandContext ctx) {
    var payload = req.getPayload();
    Player player = player(teamOf(payload.getTeamId(), ctx), payload.getUserId());
    String text = payload.getText() == null ? "" : payload.getText().trim();
    String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
    String first = words.length == 0 ? "" : words[0].toLowerCase(Locale.ROOT);
    switch (first) {
      case "help" -> {
        return ctx.ack(help());
      }
      case "admin" -> {
        // users.info, the store and any badge grants it retries can take longer than Slack's 3 s: answer later
        List<String> arguments = List.of(words).subList(1, words.length);
        adminWork.execute(() -> respond(ctx, adminAnswer(player, arguments, payload.getChannelId())));
        return ctx.ack();
      }
      case "leaderboard", "top", "board" -> {
        if (!pace.allow(player)) {
          return ctx.ack(MemberPace.SLOW_DOWN);
        }
        String pack = words.length > 1 ? words[1].toLowerCase(Locale.ROOT) : defaultPack(); // as `/warmup <pack>`
        async.execute(() -> answerBoard(ctx, player, pack));
        return ctx.ack();
      }
      default -> {
        String pack = first.isEmpty() ? defaultPack() : first;
        if (!Command.ID.matcher(pack).matches()) { // no pack has such an id (and it must not reach the modal's metadata)
          return ctx.ack(BoardMessages.unknownPack(catalog, pack));
        }
        Instant received = clock.instant(); // the trigger's 3 s run from here, the settings' wait included
        Optional<Refusal> refusal = refusal(player, payload.getChannelId());
        if (refusal.isPresent()) {
          return ctx.ack(refusal.get().text()); // a command's refusal is its answer, not a modal
        }
        open(player, new ModalMetadata(player.userId(), payload.getChannelId(), pack, false),
            payload.getTriggerId(), refusal, received);
        return ctx.ack();
      }
    }
  }

  /** What the admin command answers, or what went wrong: the admin is always answered. */
  private String adminAnswer(Player player, List<String> arguments, String channelId) {
    try {
      return admin.run(player, arguments, channelId);
    } catch (RuntimeException e) {
      log.warn("/warmup admin {} by {} failed", String.join(" ", arguments), player, e);
      return "That did not work: " + SlackText.clip(String.valueOf(e.getMessage()), 500)
          + ". Try again in a minute; `/warmup admin` shows the settings in force.";
    }
  }

  /**
   * Answers {@code /warmup leaderboard} through the command's response_url, on {@code async}: unlike {@code
   * chat.postEphemeral} it reaches the member in every conversation the command can be typed in (a DM between
   * people, a private channel the bot is not in). A board that cannot be built (the store is down) is logged, and
   * the member gets a short apology instead.
   */
  private void answerBoard(SlashCommandContext ctx, Player player, String packId) {
    BoardMessages.Message board;
    try {
      board = boards.first(player, packId);
    } catch (RuntimeException e) {
      log.warn("Could not show the leaderboard of {} to {}", packId, player, e);
      respond(ctx, "Sorry, Warmup could not show the leaderboard just now. Try again in a minute.");
      return;
    }
    respond(ctx, SlashCommandResponse.builder().responseType("ephemeral").text(board.text())
        .blocks(board.blocks().isEmpty() ? null : board.blocks()).build());
  }

  /**
   * A press on a page button of {@code /warmup leaderboard}'s answer, on the request thread: queues the page on the
   * member's lane (presses in order, so the page shown last is the one pressed last) and returns at once. The page
   * is posted through the press's response_url. The answer is ephemeral, so the member it was posted for is the
   * only one who can press it: their message is replaced in place. Should anyone else press it (the buttons say
   * whose answer it is), they get that page as a new private message of their own, seen from their place, and the
   * other member's answer stays as it was. A page that cannot be built (the store is down) leaves the board shown
   * as it was and adds a private message saying so.
   */
  private void turnPage(ActionContext ctx, Player player, BoardAction page, @Nullable String value,
      BlockActionPayload.@Nullable Container container) {
    Optional<BoardMessages.Pages> shown = BoardMessages.Pages.decode(value);
    // No readable value: not a message the bot wrote this way; if it is ephemeral it is the presser's own.
    boolean own = shown.isPresent() ? shown.get().askerId().equals(player.userId())
        : container != null && container.isEphemeral();
    BoardMessages.Pages pages = shown.orElseGet(() -> BoardMessages.Pages.first(player.userId()))
        .forMember(player.userId())
        .turnedTo(page);
    lanes.execute(player, () -> {
      BoardMessages.Message message;
      try {
        message = boards.show(player, page.packId(), pages);
      } catch (RuntimeException e) {
        log.warn("Could not show page {} of the {} leaderboard of {} to {}", page.page(), page.period().key(),
            page.packId(), player, e);
        respond(ctx, ActionResponse.builder().responseType("ephemeral").replaceOriginal(false)
            .text("Sorry, Warmup could not show that page of the leaderboard just now; the board you have stays as "
                + "it was. Try again in a minute.")
            .build());
        return;
      }
      respond(ctx, ActionResponse.builder().responseType("ephemeral").replaceOriginal(own).text(message.text())
          .blocks(message.blocks().isEmpty() ? null : message.blocks()).build());
    });
  }

  private static void respond(ActionContext ctx, ActionResponse answer) {
    try {
      WebhookResponse response = ctx.respond(answer);
      if (response.getCode() != 200) {
        log.warn("Slack refused a leaderboard page ({} {}): {}", response.getCode(), response.getBody(),
            answer.getText());
      }
    } catch (IOException e) {
      log.warn("Could not show a leaderboard page: {}; it was: {}", e.toString(), answer.getText());
    }
  }

  /** Answers a command privately through its response_url (Slack's default for it is ephemeral). */
  private static void respond(SlashCommandContext ctx, String text) {
    respond(ctx, SlashCommandResponse.builder().responseType("ephemeral").text(text).build());
  }

  private static void respond(SlashCommandContext ctx, SlashCommandResponse answer) {
    try {
      WebhookResponse response = ctx.respond(answer);
      if (response.getCode() != 200) {
        log.warn("Slack refused the answer to a command ({} {}): {}", response.getCode(), response.getBody(),
            answer.getText());
      }
    } catch (IOException e) {
      log.warn("Could not answer a command: {}; the answer was: {}", e.toString(), answer.getText());
    }
  }

  /**
   * Opens the challenge modal for {@code packId}: its intro card, or resume/restart when a session is live. The
   * engine is asked now, on the caller's thread; {@code views.open} is queued on the member's lane.
   */
  void open(Player player, String packId, @Nullable String channelId, String triggerId) {
    open(player, new ModalMetadata(player.userId(), channelId, packId, false), triggerId);
  }

  /** As {@link #open}, for App Home's Start button: the member's tab is republished when the run ends. */
  void openFromHome(Player player, String packId, String triggerId) {
    open(player, new ModalMetadata(player.userId(), null, packId, true), triggerId);
  }

  private void open(Player player, ModalMetadata metadata, String triggerId) {
    Instant received = clock.instant(); // the trigger's 3 s run from here, the settings' wait included
    open(player, metadata, triggerId, refusal(player, metadata.channelId()), received);
  }

  /**
   * Opens the modal: the notice of {@code refusal}, else the engine's answer to opening the pack; {@code received}
   * is when the trigger came, which bounds when {@code views.open} may still use it.
   */
  private void open(Player player, ModalMetadata metadata, String triggerId, Optional<Refusal> refusal,
      Instant received) {
    Step step = null;
    com.slack.api.model.view.View modal;
    if (refusal.isPresent()) {
      modal = views.notice(refusal.get().title(), refusal.get().text(), metadata.encode());
    } else {
      // Opening may end a run whose last deadline has just passed (the timeout is its answer). That run is written
      // here, before the acknowledgement, as a submitted answer is: the write is bounded (2 s) and the trigger id
      // must still be young when views.open runs; written after, behind other writes, it could come too late.
      step = engine.handle(player, new Command.Open(metadata.packId()), null);
      modal = views.modal(step.view(), metadata.encode());
    }
    long change = modalChanged(player); // a new modal: no update of an earlier one is sent again
    lanes.execute(player, () -> openNow(player, change, metadata, modal, triggerId, received,
        RateLimits.Attempts.FIRST));
    if (step != null) {
      after(player, step, metadata); // after the open: App Home's refresh must not spend the trigger's 3 s
    }
  }

  /** Why a challenge is not started: a short title for a notice, and the text. */
  private record Refusal(String title, String text) {}

  /**
   * Why a challenge is not started here, or empty: the workspace's settings cannot be read (a challenge run
   * without them could be unfair: fewer channels, less time per question than the admins set), or it allows
   * only some channels, named so the member knows where to go. {@code channelId} is null for App Home and the
   * global shortcut, where only the settings are read.
   */
  private Optional<Refusal> refusal(Player player, @Nullable String channelId) {
    TenantSettings settings;
    try {
      settings = settingsInTime(player);
    } catch (StoreUnavailableException e) {
      log.warn("Could not read the settings of workspace {} to open a challenge: {}", player.tenant(),
          e.getMessage());
      return Optional.of(new Refusal("Try again soon", STORE_DOWN));
    } catch (TimeoutException e) {
      // The read goes on, and fills the store's cache: the member's next try is answered at once.
      log.warn("The settings of workspace {} took over {} ms to read: the member was asked to try again",
          player.tenant(), SettingsReads.IN_TIME.toMillis());
      return Optional.of(new Refusal("Try again soon", SETTINGS_SLOW));
    }
    if (channelId == null || settings.allowsChannel(channelId)) {
      return Optional.empty();
    }
    String where = settings.allowedChannels().stream().sorted().map(c -> "<#" + c + ">")
        .collect(Collectors.joining(", "));
    return Optional.of(new Refusal("Not here",
        "Warmup challenges are not started in this channel. They run in " + where + "."));
  }

  /**
   * The workspace's settings, waited for at most {@link SettingsReads#IN_TIME} (Slack's 3 seconds, and the trigger's
   * for the modal, must hold the rest), or at once a timeout when every settings read waits on the store.
   */
  private TenantSettings settingsInTime(Player player) throws TimeoutException {
    CompletableFuture<TenantSettings> read = settingsReads.read(player.tenantKey())
        .orElseThrow(() -> new TimeoutException("every settings read is waiting on the store"));
    try {
      return read.get(SettingsReads.IN_TIME.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while reading the settings");
    }
  }

  /**
   * Opens the modal; runs on the member's lane. Rate-limited, it is queued again after Slack's Retry-After while
   * the trigger id is still young enough, unless the member's modal changed meanwhile (another shortcut).
   */
  private void openNow(Player player, long change, ModalMetadata metadata, com.slack.api.model.view.View modal,
      String triggerId, Instant received, RateLimits.Attempts attempts) {
    Duration age = Duration.between(received, clock.instant());
    if (age.compareTo(TRIGGER_LIFETIME) > 0) {
      expiredOpens.increment();
      log.info("Did not open the challenge modal for {}: its trigger id waited {} ms, past Slack's {} s; the next "
          + "/warmup or shortcut resumes the session", player, age.toMillis(), TRIGGER_LIFETIME.toSeconds());
      return;
    }
    try {
      ViewCalls.Answer answer = viewCalls.open(triggerId, modal);
      if (answer.ok() && answer.viewId() != null) {
        live.put(player, new LiveModals.LiveModal(answer.viewId(), metadata));
      } else if (attempts.triesAgain(answer)
          && age.plus(RateLimits.longestWait(answer)).compareTo(TRIGGER_LIFETIME) > 0) {
        expiredOpens.increment();
        log.info("Did not open the challenge modal for {}: Slack rate-limited views.open for {} ms, past its trigger "
            + "id's {} s; the next /warmup or shortcut resumes the session", player, answer.retryAfter().toMillis(),
            TRIGGER_LIFETIME.toSeconds());
      } else if (attempts.triesAgain(answer)) {
        RateLimits.Attempts next = attempts.and(answer);
        RateLimits.retryLater(retries, answer, () -> lanes.execute(player, unlessChanged(player, change,
            () -> openNow(player, change, metadata, modal, triggerId, received, next))),
            "the challenge modal of " + player);
      } else {
        log.warn("Slack refused to open the challenge modal for {}: {} {}", player, answer.error(), answer.messages());
      }
    } catch (IOException e) {
      log.warn("Could not open the challenge modal for {}: {}", player, e.toString());
    }
  }

  private Response blockAction(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    if (payload.getActions() == null || payload.getActions().isEmpty()) {
      return ctx.ack();
    }
    BlockActionPayload.Action action = payload.getActions().get(0);
    String userId = payload.getUser().getId();
    Player player = player(teamOf(payload.getTeam() == null ? null : payload.getTeam().getId(), ctx), userId);
    var view = payload.getView();
    if (view == null) {
      // A button on a message: the page buttons of /warmup leaderboard's answer are the only ones the bot posts.
      Optional<BoardAction> page = BoardAction.parse(action.getActionId() == null ? "" : action.getActionId());
      if (page.isPresent() && payload.getResponseUrl() != null) {
        turnPage(ctx, player, page.get(), action.getValue(), payload.getContainer());
      }
      return ctx.ack();
    }
    if ("home".equals(view.getType())) {
      home.act(player, action.getActionId(), payload.getTriggerId(), this);
      return ctx.ack();
    }
    Optional<ModalMetadata> metadata = ModalMetadata.decode(view.getPrivateMetadata());
    if (metadata.isEmpty() || !SlackViews.MODAL_CALLBACK.equals(view.getCallbackId())) {
      return ctx.ack();
    }
    if (!metadata.get().ownerId().equals(userId)) {
      log.warn("Refused a press by {} on a modal of {}", userId, metadata.get().ownerId());
      return ctx.ack();
    }
    String actionId = action.getActionId();
    Optional<Command> command = actionId.startsWith("type:")
        ? Command.typed(actionId, action.getValue() == null ? "" : action.getValue())
        : Command.parse(actionId);
    if (command.isEmpty()) {
      return ctx.ack();
    }
    String pressId = (action.getActionTs() == null ? payload.getTriggerId() : action.getActionTs()) + ":" + userId;
    // Applied now; a run it finishes is written on `recordings`, after the acknowledgement, and the summary
    // queued on the member's lane once it is (a slow store never makes the press miss Slack's 3 s, nor holds up
    // the lane other members' modals share).
    CompletableFuture<Step> handled = engine.handle(player, command.get(), pressId, task -> {
      if (!recordings.execute(player, task)) {
        throw new RejectedExecutionException("the Slack bot is stopping"); // the engine records it at once then
      }
    });
    if (handled.isDone() && !handled.isCompletedExceptionally()
        && handled.join().event() instanceof Event.Duplicate) {
      return ctx.ack(); // a delivery Slack retried: the first one already updated the modal
    }
    String viewId = view.getId();
    String hash = view.getHash();
    long change = modalChanged(player);
    handled.whenComplete((step, failure) -> {
      try {
        if (failure != null) {
          log.error("Could not finish the run of {}", player, failure);
        }
        View shown = failure == null ? step.view() : View.message("Not saved", RECORDING_FAILED);
        lanes.executeLatest(player, Slot.MODAL,
            replaced -> update(player, change, viewId, replaced == 0 ? hash : null, shown, metadata.get(),
                RateLimits.Attempts.FIRST));
        if (failure == null) {
          after(player, step, metadata.get());
        }
      } catch (RuntimeException e) {
        log.error("Could not show {} the step of their press", player, e);
      }
    });
    return ctx.ack();
  }

  private Response submission(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    ViewSubmissionPayload payload = req.getPayload();
    var view = payload.getView();
    String userId = payload.getUser().getId();
    Optional<ModalMetadata> metadata = ModalMetadata.decode(view.getPrivateMetadata());
    if (metadata.isEmpty()) {
      return ctx.ack();
    }
    if (!metadata.get().ownerId().equals(userId)) {
      log.warn("Refused a submission by {} on a modal of {}", userId, metadata.get().ownerId());
      return ctx.ackWithErrors(Map.of(SlackViews.ANSWER_BLOCK, "This challenge belongs to someone else."));
    }
    Player player = player(teamOf(payload.getTeam() == null ? null : payload.getTeam().getId(), ctx), userId);
    Optional<Command> command = typedAnswer(view.getState());
    if (command.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackViews.ANSWER_BLOCK, "Type your answer first."));
    }
    Step step = engine.handle(player, command.get(), "submit:" + payload.getTriggerId());
    if (step.event() instanceof Event.Duplicate) {
      // Slack retried the submission: show where the session is now rather than closing the modal.
      Step now = engine.handle(player, new Command.Resume(), null);
      modalChanged(player);
      return ctx.ackWithUpdate(views.modal(now.view(), metadata.get().encode()));
    }
    if (step.event() instanceof Event.Refused refused) {
      return ctx.ackWithErrors(Map.of(SlackViews.ANSWER_BLOCK, SlackText.clip(refused.reason(), 150)));
    }
    after(player, step, metadata.get());
    modalChanged(player); // the answer shows the next screen: an older update must not be sent again over it
    return ctx.ackWithUpdate(views.modal(step.view(), metadata.get().encode()));
  }

  private static Optional<Command> typedAnswer(@Nullable ViewState state) {
    if (state == null || state.getValues() == null) {
      return Optional.empty();
    }
    Map<String, ViewState.Value> answer = state.getValues().get(SlackViews.ANSWER_BLOCK);
    if (answer == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, ViewState.Value> entry : answer.entrySet()) {
      String text = entry.getValue() == null ? null : entry.getValue().getValue();
      if (text != null && !text.isBlank()) {
        return Command.typed(entry.getKey(), text.trim());
      }
    }
    return Optional.empty();
  }

  /**
   * The engine saw a deadline pass with nobody pressing: show it in the member's open modal. Queued behind the
   * member's pending calls, so it looks up the modal only once a {@code views.open} still queued has been made.
   * The update may be replaced by a later press's (it is an update of the same modal); what a finished run
   * brings (announcement, App Home) is queued apart so that it is never skipped.
   */
  private void timedOut(Player player, Step step) {
    if (player.platform() != Platform.SLACK) {
      return;
    }
    long change = modalChanged(player);
    lanes.executeLatest(player, Slot.MODAL, replaced -> live.get(player)
        .ifPresent(modal -> update(player, change, modal.viewId(), null, step.view(), modal.metadata(),
            RateLimits.Attempts.FIRST)));
    if (step.event() instanceof Event.Finished) {
      lanes.execute(player, () -> live.get(player).ifPresent(modal -> after(player, step, modal.metadata())));
    }
  }

  /** How many queued {@code views.open} calls were not made because their trigger id had expired. */
  long expiredOpens() {
    return expiredOpens.sum();
  }

  /** How many rate-limited modal opens and updates were not tried again: a newer change of the modal came first. */
  long staleRetries() {
    return staleRetries.sum();
  }

  /** Numbers a change of the member's modal, queued or made now; see {@link #lastModalChange}. */
  private long modalChanged(Player player) {
    long change = modalChanges.incrementAndGet();
    lastModalChange.put(player, change);
    return change;
  }

  /** {@code send}, run only if {@code change} is still the member's last modal change; else counted as stale. */
  private Runnable unlessChanged(Player player, long change, Runnable send) {
    return () -> {
      Long last = lastModalChange.getIfPresent(player);
      if (last == null || last != change) {
        staleRetries.increment();
        return;
      }
      send.run();
    };
  }

  /**
   * Shows {@code view} in the modal; runs on the member's lane. A hash conflict means the modal changed since the
   * press was made (the member pressed again before the first update showed, or a timeout update came first); the
   * engine's view is the truth, so it is written again without the hash. {@code change}: the update's number from
   * {@link #modalChanged}; {@code attempts}: how often Slack limited it already. Rate-limited, it is
   * queued again on the member's lane after Slack's Retry-After, and sent then only if no newer change of the modal
   * was queued or made meanwhile.
   */
  private void update(Player player, long change, String viewId, @Nullable String hash, View view,
      ModalMetadata metadata, RateLimits.Attempts attempts) {
    com.slack.api.model.view.View modal = views.modal(view, metadata.encode());
    try {
      ViewCalls.Answer answer = viewCalls.update(viewId, hash, modal);
      if (!answer.ok() && "hash_conflict".equals(answer.error())) {
        answer = viewCalls.update(viewId, null, modal);
      }
      if (answer.ok()) {
        live.put(player, new LiveModals.LiveModal(viewId, metadata));
      } else if (attempts.triesAgain(answer)) {
        RateLimits.Attempts next = attempts.and(answer);
        Runnable unlessStale =
            unlessChanged(player, change, () -> update(player, change, viewId, null, view, metadata, next));
        RateLimits.retryLater(
            retries, answer, () -> lanes.execute(player, unlessStale), "the challenge modal of " + player);
      } else {
        log.warn("Slack refused to update the challenge modal of {}: {} {}", player, answer.error(), answer.messages());
      }
    } catch (IOException e) {
      log.warn("Could not update the challenge modal of {}: {}", player, e.toString());
    }
  }

  /**
   * After a finished run: announce a badge (on {@code async}) and, for a run started from App Home, refresh the
   * tab the member returns to (on the member's lane, after the modal's update). Anyone else gets a fresh tab when
   * they next open it ({@code app_home_opened}): republishing every member's tab after every run would spend two
   * Web API calls per run ({@code users.info}, {@code views.publish}), within Slack's per-workspace rate limits, on
   * tabs nobody is looking at.
   */
  private void after(Player player, Step step, ModalMetadata metadata) {
    if (step.event() instanceof Event.Finished finished) {
      FinishedRun run = finished.run();
      if (finished.badge().announced()) { // earned for the first time: not again for a badge held or earned before
        async.execute(() -> announce(player, run, metadata));
      }
      if (metadata.fromHome()) {
        lanes.executeLatest(player, Slot.HOME, replaced -> home.publish(player));
      }
    }
  }

  /**
   * Posts the badge in the configured announcement channel, else where the challenge was started, else in the
   * member's DM with the app. A channel the app cannot post in falls back to the DM. Rate-limited by Slack (one
   * message a second in a channel: a class finishing together), it is posted again after Slack's wait and a random
   * part of as much again per earlier try, so announcements limited together come back spread out, up to {@link
   * #ANNOUNCE_RETRIES} times.
   */
  void announce(Player player, FinishedRun run, ModalMetadata metadata) {
    announce(player, run, metadata, 0);
  }

  /** How often a rate-limited announcement is posted again, each time after a longer spread. */
  static final int ANNOUNCE_RETRIES = 6;

  private void announce(Player player, FinishedRun run, ModalMetadata metadata, int retried) {
    Optional<ChallengePack> pack = catalog.find(run.packId());
    if (pack.isEmpty()) {
      return;
    }
    String configured = store.settings(player.tenantKey()).announcementChannel();
    String channel = configured != null ? configured
        : metadata.channelId() != null ? metadata.channelId() : player.userId();
    String text = announcement(player, run, pack.get());
    List<LayoutBlock> blocks = new ArrayList<>(List.of(SlackViews.section(text)));
    try {
      ChatPostMessageResponse response =
          client.chatPostMessage(r -> r.channel(channel).text(text).blocks(blocks).unfurlLinks(false));
      if (!response.isOk() && !channel.equals(player.userId())) {
        log.warn("Could not announce a badge in {} ({}{}); telling the member directly", channel, response.getError(),
            "not_in_channel".equals(response.getError()) ? ": a private channel needs the app invited there" : "");
        ChatPostMessageResponse direct =
            client.chatPostMessage(r -> r.channel(player.userId()).text(text).blocks(blocks));
        if (!direct.isOk()) {
          log.warn("Could not announce the badge of {}: Slack refused it in {} ({}) and in the member's DM ({})",
              player, channel, response.getError(), direct.getError());
        }
      } else if (!response.isOk()) {
        log.warn("Could not announce the badge of {} in the member's DM: {}", player, response.getError());
      }
    } catch (SlackApiException e) {
      if (e.getResponse().code() == 429 && retried < ANNOUNCE_RETRIES) {
        Duration slacks = Optional.ofNullable(RateLimits.retryAfter(e.getResponse().header("Retry-After")))
            .orElse(Duration.ofSeconds(1));
        long spreadMillis = Math.max(slacks.toMillis(), 1_000) * (retried + 1);
        Duration wait = slacks.plusMillis(ThreadLocalRandom.current().nextLong(spreadMillis + 1));
        log.info("Slack rate-limited the badge announcement of {}: posting it again in {} s", player,
            wait.toSeconds());
        if (!retries.after(wait, () -> async.execute(() -> announce(player, run, metadata, retried + 1)))) {
          log.warn("Could not announce the badge of {}: Slack rate-limited it and the bot is stopping", player);
        }
        return;
      }
      log.warn("Could not announce the badge of {}: {}", player, e.toString());
    } catch (IOException e) {
      log.warn("Could not announce the badge of {}: {}", player, e.toString());
    }
  }

  static String announcement(Player player, FinishedRun run, ChallengePack pack) {
    String text = SlackText.escape(pack.badge().emoji()) + " <@" + player.userId() + "> earned the *"
        + SlackText.escape(SlackText.clip(pack.badge().name(), 150)) + "* badge with a perfect run of *"
        + SlackText.escape(SlackText.clip(pack.title(), 200)) + "* (" + run.score() + " pts in "
        + ClockText.of(run.totalTime()) + ")!\n" + SlackText.escape(SlackText.clip(pack.badge().howToEarn(), 500))
        + " Use the *Warmup challenge* shortcut or `/warmup` to try.";
    return SlackText.clip(text, SlackText.SECTION_MAX);
  }

  private String help() {
    return "*Warmup* — timed study challenges.\n"
        + "• `/warmup` opens the challenge (or use the *Warmup challenge* shortcut)\n"
        + "• `/warmup &lt;pack&gt;` opens another pack: " // escaped: Slack reads <...> as a link
        + String.join(", ", catalog.all().stream().map(ChallengePack::id).toList()) + "\n"
        + "• `/warmup leaderboard [pack]` shows a pack's leaders this week and of all time (only to you)\n"
        + "• Open the app's *Home* tab for your badges and scores.\n"
        + "• `/warmup admin` (workspace admins): badge groups, announcements, channels, extra time, reload.";
  }

  String defaultPack() {
    if (defaultPackId != null) {
      return defaultPackId;
    }
    List<ChallengePack> all = catalog.all();
    return all.isEmpty() ? "none" : all.get(0).id();
  }

  static Player player(String teamId, String userId) {
    return new Player(Platform.SLACK, teamId, userId);
  }

  static String teamOf(@Nullable String payloadTeam, Context ctx) {
    if (payloadTeam != null && !payloadTeam.isBlank()) {
      return payloadTeam;
    }
    return ctx.getTeamId() != null ? ctx.getTeamId() : ctx.getEnterpriseId();
  }
}
