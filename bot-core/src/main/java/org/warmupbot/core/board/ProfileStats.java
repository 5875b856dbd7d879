package org.warmupbot.core.board;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/**
 * What a member's profile shows, worked out from their runs.
 *
 * @param bestByPack each pack's best run (best score, then shorter time, then earlier finish), by pack id
 * @param currentStreak consecutive days, in the zone, with a finished run, ending today, or yesterday when
 *     today has none yet (the streak is still alive until the day ends)
 * @param bestStreak the longest such run of days ever
 * @param byCategory answers per question category, by category name
 */
record ProfileStats(
    int runCount,
    Map<String, FinishedRun> bestByPack,
    int currentStreak,
    int bestStreak,
    Map<String, Rate> byCategory) {

  static final Comparator<FinishedRun> BEST_FIRST =
      Comparator.comparingInt(FinishedRun::score)
          .reversed()
          .thenComparing(FinishedRun::totalTime)
          .thenComparing(FinishedRun::finishedAt);

  /** Right answers out of all answered questions (a timeout counts as wrong). */
  record Rate(int correct, int total) {
    int percent() {
      return total == 0 ? 0 : Math.round(100f * correct / total);
    }
  }

  static ProfileStats of(List<FinishedRun> runs, LocalDate today, ZoneId zone) {
    Map<String, FinishedRun> best = new TreeMap<>();
    Set<LocalDate> days = new TreeSet<>();
    Map<String, int[]> answers = new TreeMap<>();
    for (FinishedRun run : runs) {
      best.merge(run.packId(), run, (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
      days.add(run.finishedAt().atZone(zone).toLocalDate());
      for (QuestionResult result : run.questions()) {
        int[] counts = answers.computeIfAbsent(result.category(), category -> new int[2]);
        counts[0] += result.correct() ? 1 : 0;
        counts[1]++;
      }
    }
    int bestStreak = 0;
    int streak = 0;
    LocalDate previous = null;
    for (LocalDate day : days) {
      streak = previous != null && previous.plusDays(1).equals(day) ? streak + 1 : 1;
      bestStreak = Math.max(bestStreak, streak);
      previous = day;
    }
    LocalDate cursor = days.contains(today) ? today : today.minusDays(1);
    int current = 0;
    while (days.contains(cursor)) {
      current++;
      cursor = cursor.minusDays(1);
    }
    Map<String, Rate> byCategory = new TreeMap<>();
    answers.forEach((category, counts) -> byCategory.put(category, new Rate(counts[0], counts[1])));
    return new ProfileStats(runs.size(), best, current, bestStreak, byCategory);
  }
}
