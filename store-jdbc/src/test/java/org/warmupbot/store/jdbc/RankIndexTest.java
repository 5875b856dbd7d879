package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.Ranked;

/** The treap against a sorted list, on boards with many exact ties, built in bulk and then updated. */
final class RankIndexTest {

  private record Entry(String userId, int score, long totalNanos, long finishedMicros) {}

  /** Board order as the SQL writes it, user ids compared as UTF-8 bytes. */
  private static final Comparator<Entry> BOARD =
      Comparator.comparingInt((Entry e) -> -e.score())
          .thenComparingLong(Entry::totalNanos)
          .thenComparingLong(Entry::finishedMicros)
          .thenComparing(Entry::userId, RankIndexTest::utf8Order);

  private static int utf8Order(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The model: the SQL rules on a sorted list. */
  private static List<Ranked> modelPage(List<Entry> sorted, int offset, int limit) {
    List<Ranked> page = new ArrayList<>();
    for (int i = offset; i < Math.min(sorted.size(), offset + limit); i++) {
      Entry entry = sorted.get(i);
      page.add(
          new Ranked(
              modelRank(sorted, entry),
              entry.userId(),
              entry.score(),
              Duration.ofNanos(entry.totalNanos()),
              JdbcStore.instant(entry.finishedMicros())));
    }
    return page;
  }

  private static int modelRank(List<Entry> sorted, Entry entry) {
    int better = 0;
    for (Entry other : sorted) {
      if (other.score() > entry.score()
          || (other.score() == entry.score()
              && (other.totalNanos() < entry.totalNanos()
                  || (other.totalNanos() == entry.totalNanos() && other.finishedMicros() < entry.finishedMicros())))) {
        better++;
      }
    }
    return better + 1;
  }

  private static final String[] NAMES = {"a", "B", "b", "\u00e9", "\uffef", "\ud83d\ude00", "zz", "Z"};

  private static Entry randomEntry(Random random, String userId) {
    return new Entry(userId, random.nextInt(4) * 100, (1 + random.nextInt(3)) * 1_000_000_000L, random.nextInt(3));
  }

  @Test
  void ranksAndPages_matchTheSqlRules_onRandomBoardsWithManyTies_builtInBulkThenUpdated() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      Map<String, Entry> best = new HashMap<>();
      int members = 1 + random.nextInt(120);
      List<Entry> initial = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        Entry entry = randomEntry(random, NAMES[random.nextInt(NAMES.length)] + i);
        initial.add(entry);
        best.put(entry.userId(), entry);
      }
      // Half the seeds hand the builder rows out of board order, as a PostgreSQL collation may.
      if (seed % 2 == 0) {
        Collections.shuffle(initial, random);
      } else {
        initial.sort(BOARD);
      }
      RankIndex.Builder builder = new RankIndex.Builder();
      initial.forEach(e -> builder.add(e.userId(), e.score(), e.totalNanos(), e.finishedMicros()));
      RankIndex index = builder.build();

      for (int step = 0; step < 200; step++) {
        String userId = random.nextInt(4) == 0 ? "new" + step : List.copyOf(best.keySet()).get(random.nextInt(best.size()));
        Entry offered = randomEntry(random, userId);
        Entry kept = best.get(userId);
        boolean better = kept == null || BOARD.compare(offered, new Entry(userId, kept.score(), kept.totalNanos(), kept.finishedMicros())) < 0;
        assertThat(index.offer(userId, offered.score(), offered.totalNanos(), offered.finishedMicros()))
            .as("seed %d step %d: offer kept", seed, step)
            .isEqualTo(better);
        if (better) {
          best.put(userId, offered);
        }
      }

      List<Entry> sorted = new ArrayList<>(best.values());
      sorted.sort(BOARD);
      assertThat(index.size()).isEqualTo(sorted.size());
      for (Entry entry : sorted) {
        assertThat(index.standing(entry.userId()))
            .as("seed %d: standing of %s", seed, entry.userId())
            .hasValue(modelPage(sorted, sorted.indexOf(entry), 1).get(0));
      }
      assertThat(index.standing("nobody")).isEmpty();
      for (int offset : new int[] {0, 1, 3, sorted.size() / 2, sorted.size() - 1, sorted.size(), sorted.size() + 5}) {
        for (int limit : new int[] {0, 1, 5, 1_000}) {
          assertThat(index.page(offset, limit))
              .as("seed %d: page %d+%d", seed, offset, limit)
              .isEqualTo(modelPage(sorted, Math.max(0, offset), limit));
        }
      }
    }
  }

  @Test
  void userIds_compareInCodePointOrder_asUtf8Bytes() {
    // UTF-16 puts a surrogate pair (U+1F600) before U+FFEF; UTF-8 bytes and code points put it after.
    assertThat("\ud83d\ude00".compareTo("\uffef")).isNegative();
    assertThat(RankIndex.compareUserIds("\ud83d\ude00", "\uffef")).isPositive();
    assertThat(RankIndex.compareUserIds("ab", "abc")).isNegative();
    assertThat(RankIndex.compareUserIds("abc", "abc")).isZero();
    assertThat(RankIndex.compareUserIds("B", "a")).isNegative();
  }

  @Test
  void anEmptyBoard_hasNoEntries() {
    RankIndex index = new RankIndex.Builder().build();
    assertThat(index.size()).isZero();
    assertThat(index.page(0, 10)).isEmpty();
    assertThat(index.standing("ada")).isEmpty();
  }
}
