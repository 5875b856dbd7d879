package org.warmupbot.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;

/**
 * Boards read straight from the {@link ResultStore}: 10 members a page, paging ids {@code
 * board:<pack>:<week|all>:<page>}. Stands in until the core's leaderboard service is wired. Thread-safe.
 */
final class StoreBoards implements Boards {
  static final int PAGE_SIZE = 10;
  private static final Pattern PAGE = Pattern.compile("board:([a-z0-9-]{1,32}):(week|all):([0-9]{1,6})");

  private final ResultStore store;
  private final Clock clock;

  StoreBoards(ResultStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public View board(Player viewer, String packId, boolean week, int page) {
    Instant since = week ? clock.instant().minus(Duration.ofDays(7)) : null;
    int count = store.rankedCount(viewer.tenantKey(), packId, since);
    int pages = Math.max(1, (count + PAGE_SIZE - 1) / PAGE_SIZE);
    int shown = Math.max(0, Math.min(page, pages - 1));
    List<Block> body = new ArrayList<>();
    for (Ranked ranked : store.top(viewer.tenantKey(), packId, since, shown * PAGE_SIZE, PAGE_SIZE)) {
      body.add(new Block.RankLine(ranked.rank(), ranked.userId(), ranked.score(), ranked.totalTime(),
          ranked.userId().equals(viewer.userId())));
    }
    if (body.isEmpty()) {
      body.add(new Block.Text("Nobody has finished this challenge yet. Be the first with /warmup!"));
    }
    Optional<Ranked> mine = store.standing(viewer, packId, since);
    body.add(new Block.Text(mine.map(r -> "Your rank: #" + r.rank() + " of " + count + " (" + r.score() + " pts)")
        .orElse("You are not on this board yet.")));
    body.add(new Block.Text("Page " + (shown + 1) + " of " + pages));
    List<Action> actions = new ArrayList<>();
    String period = week ? "week" : "all";
    if (shown > 0) {
      actions.add(new Action("board:" + packId + ":" + period + ":" + (shown - 1), "◀ Previous", Action.Kind.NEXT));
    }
    if (shown < pages - 1) {
      actions.add(new Action("board:" + packId + ":" + period + ":" + (shown + 1), "Next ▶", Action.Kind.NEXT));
    }
    String title = "Leaderboard: " + packId + (week ? " (this week)" : " (all time)");
    return new View(View.Screen.LEADERBOARD, title, body, List.of(), actions);
  }

  @Override
  public View profile(Player member) {
    List<FinishedRun> runs = store.runs(member);
    List<Block> body = new ArrayList<>();
    body.add(new Block.Text("<@" + member.userId() + ">"));
    List<String> badges = new ArrayList<>();
    for (BadgeAward award : store.badges(member)) {
      badges.add(award.badgeName() + (award.status() instanceof GrantStatus.Granted ? "" : " (role pending)"));
    }
    body.add(new Block.Text("Badges: " + (badges.isEmpty() ? "none yet" : String.join(", ", badges))));
    body.add(new Block.Text("Best score: " + runs.stream().mapToInt(FinishedRun::score).max().orElse(0)
        + " · Runs: " + runs.size() + " · Streak: " + streak(runs) + " day(s)"));
    Map<String, int[]> categories = new TreeMap<>();
    for (FinishedRun run : runs) {
      for (QuestionResult result : run.questions()) {
        int[] rate = categories.computeIfAbsent(result.category(), c -> new int[2]);
        rate[0] += result.correct() ? 1 : 0;
        rate[1]++;
      }
    }
    StringBuilder rates = new StringBuilder();
    categories.forEach((category, rate) -> rates.append(rates.length() == 0 ? "" : "\n").append(category)
        .append(": ").append(rate[0] * 100 / rate[1]).append("% right (").append(rate[1]).append(")"));
    if (rates.length() > 0) {
      body.add(new Block.Text(rates.toString()));
    }
    return new View(View.Screen.PROFILE, "Warmup profile", body, List.of(), List.of());
  }

  /** Consecutive days (UTC) with a run, ending today or yesterday. */
  private int streak(List<FinishedRun> runs) {
    TreeSet<LocalDate> days = new TreeSet<>();
    runs.forEach(r -> days.add(LocalDate.ofInstant(r.finishedAt(), ZoneOffset.UTC)));
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (!days.contains(day)) {
      day = day.minusDays(1);
    }
    int streak = 0;
    while (days.contains(day)) {
      streak++;
      day = day.minusDays(1);
    }
    return streak;
  }

  @Override
  public Optional<View> press(Player viewer, String actionId) {
    Matcher m = PAGE.matcher(actionId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(board(viewer, m.group(1), m.group(2).equals("week"), Integer.parseInt(m.group(3))));
  }
}
