package org.warmupbot.core.board;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.ClockText;
import org.warmupbot.core.view.View;

/**
 * Builds leaderboard and profile views from a {@link ResultStore}. Weeks are ISO weeks (Monday 00:00) in the
 * given zone, and so are the days of a streak.
 *
 * <p>Thread-safe as far as the store is; every call reads the store (it may block on it) and throws what the
 * store throws, {@link org.warmupbot.core.port.StoreUnavailableException} included.
 */
public final class Leaderboards {

  public static final int PAGE_SIZE = 10;

  private final ResultStore store;
  private final Clock clock;
  private final ZoneId zone;

  public Leaderboards(ResultStore store, Clock clock, ZoneId zone) {
    this.store = store;
    this.clock = clock;
    this.zone = zone;
  }

  /** Monday 00:00, in the zone, of the week now falls in: where the weekly board starts. */
  public Instant weekStart() {
    return LocalDate.now(clock.withZone(zone))
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atStartOfDay(zone)
        .toInstant();
  }

  /** The page a {@link BoardAction} leads to, for the member who pressed it. */
  public View board(Player viewer, BoardAction action) {
    return board(viewer.tenantKey(), viewer, action.packId(), action.period(), pageOf(viewer, action));
  }

  /**
   * The page number {@code action} leads {@code viewer} to: its own, or, for {@link BoardAction#VIEWERS_PAGE}, the
   * page that lists the viewer (1 when they have no run on the board).
   */
  public int pageOf(Player viewer, BoardAction action) {
    if (!action.viewersPage()) {
      return action.page();
    }
    @Nullable Instant since = action.period() == Period.WEEK ? weekStart() : null;
    return store.standing(viewer, action.packId(), since)
        .map(standing -> place(viewer.tenantKey(), viewer, action.packId(), since, standing).position() / PAGE_SIZE + 1)
        .map(page -> Math.min(page, BoardAction.MAX_PAGE))
        .orElse(1);
  }

  /**
   * One page ({@value #PAGE_SIZE} lines) of a pack's board. A page past the end shows the last one. When the
   * viewer has a run on the board but is not on this page, their own line follows, between the members just
   * above and below them.
   *
   * @param page 1-based
   * @throws IllegalArgumentException when the viewer is not a member of the tenant
   */
  public View board(Tenant tenant, Player viewer, String packId, Period period, int page) {
    if (!viewer.tenantKey().equals(tenant)) {
      throw new IllegalArgumentException("viewer " + viewer.userId() + " is not a member of tenant " + tenant.id());
    }
    @Nullable Instant since = period == Period.WEEK ? weekStart() : null;
    int members = store.rankedCount(tenant, packId, since);
    int pages = Math.max(1, Math.min(BoardAction.MAX_PAGE, (members + PAGE_SIZE - 1) / PAGE_SIZE));
    int shown = Math.min(Math.max(page, 1), pages);
    String when = period == Period.WEEK ? "this week" : "all time";

    List<Block> body = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    if (members == 0) {
      body.add(new Block.Text("No finished runs " + (period == Period.WEEK ? "this week " : "") + "yet. Finish a run"
          + " to top the board."));
    }
    List<Ranked> lines = store.top(tenant, packId, since, (shown - 1) * PAGE_SIZE, PAGE_SIZE);
    boolean viewerShown = false;
    for (Ranked ranked : lines) {
      boolean isViewer = ranked.userId().equals(viewer.userId());
      viewerShown |= isViewer;
      body.add(line(ranked, isViewer));
    }
    if (members > 0) {
      Optional<Ranked> standing = store.standing(viewer, packId, since);
      if (standing.isEmpty()) {
        body.add(new Block.Text("You have no run on this board " + (period == Period.WEEK ? "this week" : "yet") + "."));
      } else if (!viewerShown) {
        Place place = place(tenant, viewer, packId, since, standing.get());
        body.add(new Block.Text("Your place"));
        body.addAll(place.lines());
        if (place.position() / PAGE_SIZE + 1 <= BoardAction.MAX_PAGE) {
          actions.add(navigate("My page", period, packId, BoardAction.VIEWERS_PAGE));
        }
      }
      body.add(new Block.Text("Page " + shown + " of " + pages + " · " + members + (members == 1 ? " member" : " members")));
    }
    if (shown > 1) {
      actions.add(0, navigate("Previous", period, packId, shown - 1));
    }
    if (shown < pages) {
      actions.add(navigate("Next", period, packId, shown + 1));
    }
    Period other = period == Period.WEEK ? Period.ALL_TIME : Period.WEEK;
    actions.add(navigate(other == Period.WEEK ? "This week" : "All time", other, packId, 1));
    return new View(View.Screen.LEADERBOARD, "Leaderboard: " + packId + ", " + when, body, List.of(), actions);
  }

  /**
   * Where the viewer is listed: their 0-based position in the board's order (in a tie, as the store orders it,
   * which can be past the tie's rank and on a later page), and their line between the members just above and below.
   */
  private record Place(int position, List<Block> lines) {}

  private Place place(Tenant tenant, Player viewer, String packId, @Nullable Instant since, Ranked standing) {
    int offset = Math.max(0, standing.rank() - 2);
    List<Ranked> window = new ArrayList<>();
    int index = -1;
    while (index < 0) {
      List<Ranked> chunk = store.top(tenant, packId, since, offset + window.size(), PAGE_SIZE);
      if (chunk.isEmpty()) {
        break;
      }
      window.addAll(chunk);
      index = indexOf(window, viewer.userId());
    }
    if (index < 0) {
      return new Place(standing.rank() - 1, List.of(line(standing, true))); // the board moved between the reads
    }
    if (index + 1 == window.size()) {
      window.addAll(store.top(tenant, packId, since, offset + window.size(), 1));
    }
    List<Block> lines = new ArrayList<>();
    if (index > 0) {
      lines.add(line(window.get(index - 1), false));
    }
    lines.add(line(window.get(index), true));
    if (index + 1 < window.size()) {
      lines.add(line(window.get(index + 1), false));
    }
    return new Place(offset + index, lines);
  }

  private static int indexOf(List<Ranked> window, String userId) {
    for (int i = 0; i < window.size(); i++) {
      if (window.get(i).userId().equals(userId)) {
        return i;
      }
    }
    return -1;
  }

  private static Block.RankLine line(Ranked ranked, boolean viewer) {
    return new Block.RankLine(ranked.rank(), ranked.userId(), ranked.score(), ranked.totalTime(), viewer);
  }

  private static Action navigate(String label, Period period, String packId, int page) {
    return new Action(new BoardAction(period, packId, page).actionId(), label, Action.Kind.NAVIGATE);
  }

  /**
   * A member's profile: badges, best score per pack, number of runs, current and best daily streak, and the
   * share of right answers per category. Packs no longer in the catalog show by id.
   */
  public View profile(Player player, ChallengeCatalog catalog) {
    List<FinishedRun> runs = store.runs(player);
    List<BadgeAward> badges = store.badges(player);
    ProfileStats stats = ProfileStats.of(runs, LocalDate.now(clock.withZone(zone)), zone);

    List<Block> body = new ArrayList<>();
    if (runs.isEmpty()) {
      body.add(new Block.Text("No finished runs yet."));
    } else {
      body.add(
          new Block.Text(
              "Runs: "
                  + stats.runCount()
                  + "\nDaily streak: "
                  + days(stats.currentStreak())
                  + " (best "
                  + days(stats.bestStreak())
                  + ")"));
    }
    if (!badges.isEmpty()) {
      StringBuilder text = new StringBuilder("Badges");
      for (BadgeAward award : badges) {
        Optional<ChallengePack> pack = catalog.find(award.packId());
        text.append('\n')
            .append(pack.map(p -> p.badge().emoji() + " ").orElse(""))
            .append(award.shownName(catalog))
            .append(" (")
            .append(pack.map(ChallengePack::title).orElse(award.packId()))
            .append(')');
        if (award.beingGranted()) {
          text.append(": being given"); // the grant runs (or an admin's retry gives it): nothing for the member to do
        } else if (!(award.status() instanceof GrantStatus.Granted)) {
          text.append(": ").append(award.status().describe());
        }
      }
      body.add(new Block.Text(text.toString()));
    }
    if (!stats.bestByPack().isEmpty()) {
      StringBuilder text = new StringBuilder("Best scores");
      for (Map.Entry<String, FinishedRun> best : stats.bestByPack().entrySet()) {
        text.append('\n')
            .append(catalog.find(best.getKey()).map(ChallengePack::title).orElse(best.getKey()))
            .append(": ")
            .append(best.getValue().score())
            .append(" points in ")
            .append(ClockText.of(best.getValue().totalTime()));
      }
      body.add(new Block.Text(text.toString()));
    }
    if (!stats.byCategory().isEmpty()) {
      StringBuilder text = new StringBuilder("Right answers by category");
      stats
          .byCategory()
          .forEach(
              (category, rate) ->
                  text.append('\n')
                      .append(category)
                      .append(": ")
                      .append(rate.correct())
                      .append(" of ")
                      .append(rate.total())
                      .append(" (")
                      .append(rate.percent())
                      .append("%)"));
      body.add(new Block.Text(text.toString()));
    }
    return new View(View.Screen.PROFILE, "Profile", body, List.of(), List.of());
  }

  private static String days(int count) {
    return count + (count == 1 ? " day" : " days");
  }

  /** {@code m:ss}, or {@code h:mm:ss} past an hour. */}
