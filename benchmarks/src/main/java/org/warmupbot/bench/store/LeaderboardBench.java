package org.warmupbot.bench.store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.store.jdbc.JdbcStores;

/**
 * Leaderboard reads on one board (one tenant, one pack) of 10^4, 10^5 and 10^6 members: p50 and p99 of {@code
 * top(tenant, pack, null, 0, 10)} and of {@code standing(player, pack, null)} for random members, on SQLite and
 * PostgreSQL through {@code JdbcStore} opened as the launcher opens them (both ranked in process by default;
 * PostgreSQL's boards also listen for the runs other processes commit, {@code LISTEN}/{@code NOTIFY}), and of
 * ZREVRANGE 0 9 WITHSCORES and ZREVRANK on a Redis sorted set holding the same entries. One calling thread; each
 * call timed alone.
 *
 * <p>After each population the store is opened again (its rows were written around it) and the first standing is
 * timed alone: for the in-process store that is the build of the board from {@code best_run}, with the heap it
 * took (used heap after a full GC, before and after) divided by the members.
 *
 * <p>Boards are populated with raw JDBC batches of the rows {@code save} writes (the run, 5 question results, the
 * best_run and weekly_best rows), 1,000 runs to a batch and 50,000 to a transaction, growing the same database
 * from one size to the next. Then ranks of 100 random members are compared across the stores.
 *
 * <pre>{@code
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * benchmarks/bench/redis.sh start
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar org.warmupbot.bench.store.LeaderboardBench \
 *     [sizes=10000,100000,1000000] [stores=sqlite,postgres,redis] [ops=2000] [seconds=10] [dir=target/bench]
 * benchmarks/bench/redis.sh stop
 * }</pre>
 */
public final class LeaderboardBench {
  private LeaderboardBench() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    int[] sizes = Arrays.stream(options.get("sizes", "10000,100000,1000000").split(",")).mapToInt(Integer::parseInt).toArray();
    List<String> stores = List.of(options.get("stores", "sqlite,postgres,redis").split(","));
    int ops = Integer.parseInt(options.get("ops", "2000"));
    long budget = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("seconds", "10")));
    Path dir = Path.of(options.get("dir", "target/bench"));

    System.out.println("# leaderboards: " + Machine.describe());
    List<Backend> backends = new ArrayList<>();
    RedisBoard redis = null;
    try {
      if (stores.contains("sqlite")) {
        backends.add(Backend.sqlite(dir.resolve("boards.db")));
      }
      if (stores.contains("postgres")) {
        backends.add(Backend.postgres());
      }
      if (stores.contains("redis")) {
        redis = new RedisBoard("127.0.0.1", Integer.parseInt(options.get("redisPort", "6390")));
        System.out.println("# Redis " + redis.version() + " on 127.0.0.1");
      }
      System.out.println();
      System.out.println("| store | members | populate s | op | p50 µs | p99 µs | max µs | calls |");
      System.out.println("|---|---:|---:|---|---:|---:|---:|---:|");
      int populated = 0;
      for (int size : sizes) {
        for (Backend backend : backends) {
          long start = System.nanoTime();
          populate(backend, populated, size);
          backend.settle();
          double seconds = (System.nanoTime() - start) / 1e9;
          backend.reopen();
          measureFirstQuery(backend, size);
          measureStore(backend, size, seconds, ops, budget);
        }
        if (redis != null) {
          long start = System.nanoTime();
          redis.populate(populated, size);
          double seconds = (System.nanoTime() - start) / 1e9;
          measureRedis(redis, size, seconds, ops, budget);
        }
        crossCheck(backends, redis, size);
        populated = size;
      }
      System.out.println();
      System.out.println("# load average at the end: " + Machine.load());
    } finally {
      for (Backend backend : backends) {
        backend.close();
      }
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** Adds players {@code from} until {@code to} with the store's rows, in batches. */
  static void populate(Backend backend, int from, int to) throws Exception {
    try (Connection connection = backend.raw(true);
        RawRows rows = new RawRows(connection)) {
      for (int i = from; i < to; i++) {
        rows.add(BoardData.entry(i));
        if ((i - from) % 1_000 == 999) {
          rows.flush();
        }
        if ((i - from) % 50_000 == 49_999) {
          connection.commit();
          System.err.printf("  %s: %,d members%n", backend.name, i + 1);
        }
      }
      rows.flush();
      connection.commit();
      RawRows.rebuildScoreCounts(connection);
      connection.commit();
    }
  }

  /**
   * The first standing on a store just opened, timed alone: for an in-process store, the build of the board. Heap
   * used after a full GC before and after it, over the members, is the board's bytes per member.
   */
  private static void measureFirstQuery(Backend backend, int size) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    long start = System.nanoTime();
    backend.store.standing(Player.of(BoardData.TENANT, BoardData.userId(size / 2)), BoardData.PACK, null).orElseThrow();
    long nanos = System.nanoTime() - start;
    memory.gc();
    long after = memory.getHeapMemoryUsage().getUsed();
    String note =
        backend.store.ranking() == JdbcStores.Ranking.IN_PROCESS
            ? String.format("build of the board: %.2f s, %.0f bytes a member", nanos / 1e9, (after - before) / (double) size)
            : String.format("SQL, nothing to build: %.1f ms", nanos / 1e6);
    System.out.printf("<!-- %s at %d members: first standing after opening: %s -->%n", backend.name, size, note);
    System.err.printf("  %s at %,d members: first standing after opening: %s%n", backend.name, size, note);
  }

  private static void measureStore(Backend backend, int size, double populateSeconds, int ops, long budget)
      throws Exception {
    Latency top =
        Latency.measure(
            "top 10",
            200,
            ops,
            budget,
            i -> {
              List<Ranked> page = backend.store.top(BoardData.TENANT, BoardData.PACK, null, 0, 10);
              if (page.size() != 10 || page.get(0).rank() != 1) {
                throw new IllegalStateException("bad page " + page);
              }
            });
    print(backend.name, size, populateSeconds, top);
    SplittableRandom random = new SplittableRandom(42);
    Latency standing =
        Latency.measure(
            "standing",
            200,
            ops,
            budget,
            i -> {
              Player player = Player.of(BoardData.TENANT, BoardData.userId(random.nextInt(size)));
              backend.store.standing(player, BoardData.PACK, null).orElseThrow();
            });
    print(backend.name, size, populateSeconds, standing);
  }

  private static void measureRedis(RedisBoard redis, int size, double populateSeconds, int ops, long budget)
      throws Exception {
    if (redis.size() != size) {
      throw new IllegalStateException("Redis holds " + redis.size() + " members, not " + size);
    }
    Latency top =
        Latency.measure(
            "ZREVRANGE 0 9 WITHSCORES",
            200,
            ops,
            budget,
            i -> {
              if (redis.top10().size() != 10) {
                throw new IllegalStateException("short page");
              }
            });
    print("Redis", size, populateSeconds, top);
    SplittableRandom random = new SplittableRandom(42);
    Latency rank =
        Latency.measure(
            "ZREVRANK",
            200,
            ops,
            budget,
            i -> {
              if (redis.rank(BoardData.userId(random.nextInt(size))) == null) {
                throw new IllegalStateException("member missing");
              }
            });
    print("Redis", size, populateSeconds, rank);
  }

  /** Ranks of 100 random members in every store; they differ only where members tie on score and millisecond. */
  private static void crossCheck(List<Backend> backends, RedisBoard redis, int size) {
    SplittableRandom random = new SplittableRandom(7);
    int agree = 0;
    int checked = 0;
    for (int k = 0; k < 100; k++) {
      String userId = BoardData.userId(random.nextInt(size));
      List<Integer> ranks = new ArrayList<>();
      for (Backend backend : backends) {
        Optional<Ranked> standing = backend.store.standing(Player.of(BoardData.TENANT, userId), BoardData.PACK, null);
        ranks.add(standing.orElseThrow().rank());
      }
      if (redis != null) {
        ranks.add((int) (redis.rank(userId) + 1));
      }
      checked++;
      if (ranks.stream().distinct().count() <= 1) {
        agree++;
      }
    }
    System.err.printf("  cross-check at %,d members: ranks agree for %d of %d sampled members%n", size, agree, checked);
    System.out.printf("<!-- cross-check at %d members: ranks agree in every store for %d of %d sampled members -->%n", size, agree, checked);
  }

  private static void print(String store, int size, double populateSeconds, Latency latency) {
    System.out.printf(
        "| %s | %,d | %.1f | %s | %s | %s | %s | %d |%n",
        store,
        size,
        populateSeconds,
        latency.operation(),
        latency.micros(latency.p50Nanos()),
        latency.micros(latency.p99Nanos()),
        latency.micros(latency.maxNanos()),
        latency.samples());
  }
}
