package org.warmupbot.slack;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;

/**
 * Boards read straight from the {@link ResultStore}: the top 10 (this week from Monday 00:00 UTC, or all time)
 * plus the viewer's own line when they rank lower, and a profile of best scores and the daily streak. Used
 * when the launcher gives no {@code Leaderboards} service. Thread-safe as the store is.
 */
final class StoreBoards implements Boards {
  private static final int TOP = 10;

  private final ResultStore store;
  private final Clock clock;

  StoreBoards(ResultStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public View board(Player viewer, String packId, boolean thisWeek) {
    Instant since = thisWeek ? weekStart() : null;
    List<Ranked> top = store.top(viewer.tenantKey(), packId, since, 0, TOP);
    List<Block> body = new ArrayList<>();
    boolean viewerShown = false;
    for (Ranked ranked : top) {
      boolean mine = ranked.userId().equals(viewer.userId());
      viewerShown |= mine;
      body.add(new Block.RankLine(ranked.rank(), ranked.userId(), ranked.score(), ranked.totalTime(), mine));
    }
    Optional<Ranked> mine = store.standing(viewer, packId, since);
    if (!viewerShown && mine.isPresent()) {
      Ranked me = mine.get();
      body.add(new Block.RankLine(me.rank(), me.userId(), me.score(), me.totalTime(), true));
    }
    if (body.isEmpty()) {
      body.add(new Block.Text(thisWeek ? "No runs this week yet: be the first." : "No runs yet: be the first."));
    } else if (mine.isEmpty()) {
      body.add(new Block.Text("You are not on this board yet."));
    }
    String title = (thisWeek ? "This week" : "All time") + " — " + packId;
    return new View(View.Screen.LEADERBOARD, title, body, List.of(), List.of());
  }

  @Override
  public View profile(Player player) {
    List<FinishedRun> runs = store.runs(player);
    if (runs.isEmpty()) {
      return new View(View.Screen.PROFILE, "Your warmups",
          List.of(new Block.Text("You have not finished a warmup yet.")), List.of(), List.of());
    }
    Map<String, Integer> best = new TreeMap<>();
    Set<LocalDate> days = new TreeSet<>();
    for (FinishedRun run : runs) {
      best.merge(run.packId(), run.score(), Math::max);
      days.add(LocalDate.ofInstant(run.finishedAt(), ZoneOffset.UTC));
    }
    StringBuilder text = new StringBuilder();
    best.forEach((pack, score) -> text.append("Best on ").append(pack).append(": ").append(score).append(" pts\n"));
    text.append("Runs finished: ").append(runs.size()).append("\nDaily streak: ").append(streak(days)).append(" day(s)");
    return new View(View.Screen.PROFILE, "Your warmups", List.of(new Block.Text(text.toString())), List.of(),
        List.of());
  }

  /** Consecutive days with a finished run, ending today or yesterday (UTC). */
  private int streak(Set<LocalDate> days) {
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

  private @Nullable Instant weekStart() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }
}
