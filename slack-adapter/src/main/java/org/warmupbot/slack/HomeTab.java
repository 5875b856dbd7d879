package org.warmupbot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.View;

/**
 * The app's Home tab: Start buttons, the member's badges and profile, this week's and the all-time leaderboard
 * of the pack they played last (before a first run, the default pack) with the member's own line, and, for
 * workspace admins, why badges are pending with a button to retry them.
 * Thread-safe. {@link #publish} blocks on the Web API and the store; {@link #act} does not: it queues its Web API
 * calls on the member's lane (a badge retry on the admin thread first).
 */
final class HomeTab {
  private static final Logger log = LoggerFactory.getLogger(HomeTab.class);

  static final String RETRY_BADGES = "home:retry-badges";

  private final WorkspaceAdmins admins;
  private final ViewCalls viewCalls;
  private final ChallengeCatalog catalog;
  private final ResultStore store;
  private final Boards boards;
  private final @Nullable RunRecorder recorder;
  private final SlackViews views;
  private final @Nullable String defaultPackId;
  private final OrderedExecutor lanes;
  private final Executor adminWork;
  private final RetryTimer retries;
  // Which board page each member last turned to in App Home; forgotten after an idle hour.
  private final Cache<Player, Map<Period, BoardAction>> pages =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();

  /**
   * @param retries where a rate-limited publish waits for Slack's Retry-After before it is queued again
   */
  HomeTab(WorkspaceAdmins admins, ViewCalls viewCalls, ChallengeCatalog catalog, ResultStore store, Boards boards,
      @Nullable RunRecorder recorder, SlackViews views, @Nullable String defaultPackId, OrderedExecutor lanes,
      Executor adminWork, RetryTimer retries) {
    this.admins = admins;
    this.viewCalls = viewCalls;
    this.catalog = catalog;
    this.store = store;
    this.boards = boards;
    this.recorder = recorder;
    this.views = views;
    this.defaultPackId = defaultPackId;
    this.lanes = lanes;
    this.adminWork = adminWork;
    this.retries = retries;
  }

  /** Publishes the member's Home tab (views.publish). */
  void publish(Player player) {
    publish(player, RateLimits.Attempts.FIRST);
  }

  /**
   * As above; {@code attempts}: how often Slack limited this publish before. Rate-limited, it is queued
   * again after Slack's Retry-After (a newer publish queued meanwhile takes its place: each shows the state then).
   * The tab is built (a {@code users.info}, the boards) only when the publish is sent.
   */
  private void publish(Player player, RateLimits.Attempts attempts) {
    try {
      ViewCalls.Answer answer =
          viewCalls.publish(player.userId(), () -> views.home(blocks(player, isAdmin(player))));
      if (attempts.triesAgain(answer)) {
        RateLimits.Attempts next = attempts.and(answer);
        RateLimits.retryLater(retries, answer,
            () -> lanes.executeLatest(player, ChallengeFlow.Slot.HOME, replaced -> publish(player, next)),
            "the Home tab of " + player);
      } else if (!answer.ok()) {
        log.warn("Slack refused the Home tab of {}: {} {}", player, answer.error(), answer.messages());
      }
    } catch (IOException e) {
      log.warn("Could not publish the Home tab of {}: {}", player, e.toString());
    }
  }

  /**
   * A button pressed on the Home tab, on the request thread: remembers the page turned to and queues the Web API
   * calls (retrying badges, publishing, opening a modal) on the member's lane, so the press is acknowledged at
   * once.
   */
  void act(Player player, String actionId, String triggerId, ChallengeFlow flow) {
    Optional<BoardAction> page = BoardAction.parse(actionId);
    if (page.isPresent()) {
      pages.asMap().compute(player, (key, shown) -> {
        Map<Period, BoardAction> next = shown == null ? new EnumMap<>(Period.class) : new EnumMap<>(shown);
        next.put(page.get().period(), page.get());
        return next;
      });
      lanes.executeLatest(player, ChallengeFlow.Slot.HOME, replaced -> publish(player)); // reads the page at run time
      return;
    }
    if (RETRY_BADGES.equals(actionId)) {
      // Grants can take long: on the admin thread, not on a lane other members' modal updates share.
      adminWork.execute(() -> {
        if (recorder != null && isAdmin(player)) {
          RunRecorder.Retried retried = recorder.retryPending(player.tenantKey(), catalog);
          log.info("{} retried {} pending badges ({} left to the bot's own retry)", player, retried.retried().size(),
              retried.leftToTheBot().size());
        }
        lanes.executeLatest(player, ChallengeFlow.Slot.HOME, replaced -> publish(player));
      });
      return;
    }
    Command.parse(actionId)
        .filter(Command.Open.class::isInstance)
        .map(Command.Open.class::cast)
        .ifPresent(open -> flow.openFromHome(player, open.packId(), triggerId));
  }

  List<LayoutBlock> blocks(Player player, boolean admin) {
    List<LayoutBlock> out = new ArrayList<>();
    out.add(SlackViews.section("*Warmup* — timed study challenges. Earn a badge with a perfect run."));
    List<BlockElement> starts = new ArrayList<>();
    for (ChallengePack pack : catalog.all()) {
      if (starts.size() == 25) {
        break;
      }
      starts.add(SlackViews.button(new Action(new Command.Open(pack.id()).actionId(),
          "Start " + pack.title(), Action.Kind.START)));
    }
    if (!starts.isEmpty()) {
      out.add(ActionsBlock.builder().blockId("start").elements(starts).build());
    }
    int more = catalog.all().size() - starts.size(); // an actions block holds 25 buttons
    if (more > 0) {
      out.add(SlackViews.section("…and " + more + (more == 1 ? " more pack" : " more packs")
          + ": `/warmup help` lists them all, `/warmup &lt;pack&gt;` starts one."));
    }
    if (admin) {
      out.addAll(adminNotice(player));
    }
    out.add(SlackViews.divider());
    out.addAll(views.blocks(withoutActions(boards.profile(player)), 20, false)); // with the member's badges
    String pack = lastPlayed(player).orElse(defaultPackId != null ? defaultPackId
        : catalog.all().isEmpty() ? null : catalog.all().get(0).id());
    if (pack != null) {
      Map<Period, BoardAction> shown = pages.getIfPresent(player);
      Set<String> usedIds = new HashSet<>();
      for (Period period : Period.values()) {
        BoardAction turned = shown == null ? null : shown.get(period);
        BoardAction page = turned != null && turned.packId().equals(pack) ? turned : new BoardAction(period, pack, 1);
        out.add(SlackViews.divider());
        out.addAll(views.blocks(pagingOnly(boards.board(player, page), period, usedIds), 25, false));
      }
    }
    return SlackViews.fit(out, SlackViews.HOME_BLOCKS);
  }

  /** The loaded pack of the member's latest run: the boards they most likely look for. */
  private Optional<String> lastPlayed(Player player) {
    List<FinishedRun> runs = store.runs(player);
    for (int i = runs.size() - 1; i >= 0; i--) {
      String packId = runs.get(i).packId();
      if (catalog.find(packId).isPresent()) {
        return Optional.of(packId);
      }
    }
    return Optional.empty();
  }

  private List<LayoutBlock> adminNotice(Player player) {
    // Not the badges whose grant runs now (a Home published right after a finish would warn for nothing).
    List<BadgeAward> pending =
        recorder != null ? recorder.waitingBadges(player.tenantKey(), catalog) : store.pendingBadges(player.tenantKey());
    if (pending.isEmpty()) {
      return List.of();
    }
    StringBuilder text = new StringBuilder(":warning: *" + pending.size()
        + " badge(s) could not be given as a user group yet* (only admins see this)");
    for (BadgeAward award : pending) {
      if (award.status() instanceof GrantStatus.Pending p) {
        String line = "\n• <@" + award.player().userId() + "> "
            + SlackText.escape(SlackText.clip(award.shownName(catalog), 100)) + ": " + SlackText.escape(SlackText.clip(p.reason(), 300)) + ". *Fix:* "
            + SlackText.escape(SlackText.clip(p.fix(), 400));
        if (text.length() + line.length() > SlackText.SECTION_MAX) {
          break;
        }
        text.append(line);
      }
    }
    List<BlockElement> retry = List.of(SlackViews.button(
        new Action(RETRY_BADGES, "Retry pending badges", Action.Kind.NEXT)));
    return List.of(SlackViews.section(text.toString()),
        ActionsBlock.builder().blockId("admin").elements(retry).build());
  }

  /** Whether to show the admin notice; when Slack cannot say, the member view ({@link WorkspaceAdmins} logs why). */
  private boolean isAdmin(Player player) {
    return admins.check(player).admin();
  }

  /**
   * Both periods show at once in App Home, so a board keeps only its paging buttons (not the switch to the
   * other period), and none whose id another board already uses: Slack refuses a view with a repeated action id.
   * The answer to {@code /warmup leaderboard} shows both periods too ({@link BoardMessages}).
   */
  static View pagingOnly(View view, Period period, Set<String> usedIds) {
    List<Action> paging = new ArrayList<>();
    for (Action action : view.actions()) {
      Optional<BoardAction> target = BoardAction.parse(action.id());
      boolean otherPeriod = target.isPresent() && target.get().period() != period;
      if (!otherPeriod && usedIds.add(action.id())) {
        paging.add(action);
      }
    }
    return new View(view.screen(), view.title(), view.body(), view.facts(), paging);
  }

  /** The profile is shown as it is, without buttons: App Home offers its own. */
  private static View withoutActions(View view) {
    return new View(view.screen(), view.title(), view.body(), view.facts(), List.of());
  }
}
