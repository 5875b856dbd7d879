package org.warmupbot.bench.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finished runs stored per second: through {@code JdbcStore.save} from {@code threads} threads (each run: the run
 * row, 5 question results, the best_run and weekly_best entries and their board_score_count rows, one
 * transaction, as the bot saves), beside a raw JDBC baseline writing the same rows with the same SQL in batches of {@code batch} runs per transaction from
 * {@code rawThreads} threads, on the same database in the same process. Phases alternate (save, raw, save, raw)
 * so both see the database grow alike. Runs go to random members of a {@code players}-member board. Beside the
 * rates it prints this JVM's CPU time per run and how busy it kept the machine's cores (for PostgreSQL the
 * server's own CPU is not in it).
 *
 * <pre>{@code
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar org.warmupbot.bench.store.WriteBench \
 *     [stores=sqlite,postgres] [threads=4] [rawThreads=1] [batch=100] [seconds=10] [warmup=0] [players=100000] [dir=target/bench]
 * }</pre>
 */
public final class WriteBench {
  private WriteBench() {}

  /** A distinct seed for every thread of every phase, so no two phases draw the same runs. */
  private static final AtomicLong SEEDS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    List<String> stores = List.of(options.get("stores", "sqlite,postgres").split(","));
    int threads = Integer.parseInt(options.get("threads", "4"));
    int rawThreads = Integer.parseInt(options.get("rawThreads", "1"));
    int batch = Integer.parseInt(options.get("batch", "100"));
    long phaseNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("seconds", "10")));
    int players = Integer.parseInt(options.get("players", "100000"));
    Path dir = Path.of(options.get("dir", "target/bench"));
    // Seconds of saves and raw batches first, not counted: JIT compilation otherwise lands in the first (save)
    // phase's CPU time, most of it at PostgreSQL's rates. 0 (the default) keeps runs comparable with older ones.
    long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("warmup", "0")));

    System.out.println("# writes: " + Machine.describe());
    System.out.println();
    System.out.println(
        "| store | save runs/s (" + threads + " threads) | save p50 µs | save p99 µs | raw batched runs/s ("
            + rawThreads + " thread" + (rawThreads == 1 ? "" : "s") + ", " + batch + " runs/tx) | save / raw |"
            + " JVM CPU µs per run: save | raw | JVM CPU busy: save | raw |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String name : stores) {
      try (Backend backend = name.equals("sqlite") ? Backend.sqlite(dir.resolve("writes.db")) : Backend.postgres()) {
        long saved = 0;
        long savedNanos = 0;
        long raw = 0;
        long rawNanos = 0;
        long saveCpu = 0;
        long rawCpu = 0;
        List<long[]> latencies = new ArrayList<>();
        if (warmupNanos > 0) {
          saves(backend, threads, players, warmupNanos / 2, new ArrayList<>());
          rawBatches(backend, rawThreads, batch, players, warmupNanos / 2);
        }
        for (int round = 0; round < 2; round++) {
          long start = System.nanoTime();
          long cpu = Machine.processCpuNanos();
          long savedBefore = saved;
          saved += saves(backend, threads, players, phaseNanos, latencies);
          savedNanos += System.nanoTime() - start;
          saveCpu += Machine.processCpuNanos() - cpu;
          System.err.printf("  phase %d: save %,.0f runs/s%n", round + 1,
              (saved - savedBefore) / ((System.nanoTime() - start) / 1e9));
          start = System.nanoTime();
          cpu = Machine.processCpuNanos();
          long rawBefore = raw;
          raw += rawBatches(backend, rawThreads, batch, players, phaseNanos);
          rawNanos += System.nanoTime() - start;
          rawCpu += Machine.processCpuNanos() - cpu;
          System.err.printf("  phase %d: raw %,.0f runs/s%n", round + 1,
              (raw - rawBefore) / ((System.nanoTime() - start) / 1e9));
        }
        double saveRate = saved / (savedNanos / 1e9);
        double rawRate = raw / (rawNanos / 1e9);
        Latency latency = Latency.of("save", latencies.stream().flatMapToLong(Arrays::stream).toArray());
        System.out.printf(
            "| %s | %,.0f | %s | %s | %,.0f | %.2fx | %.0f | %.0f | %.0f%% | %.0f%% |%n",
            backend.name,
            saveRate,
            latency.micros(latency.p50Nanos()),
            latency.micros(latency.p99Nanos()),
            rawRate,
            saveRate / rawRate,
            saveCpu / 1e3 / saved,
            rawCpu / 1e3 / raw,
            100.0 * saveCpu / savedNanos / Runtime.getRuntime().availableProcessors(),
            100.0 * rawCpu / rawNanos / Runtime.getRuntime().availableProcessors());
        System.err.printf("  %s: %,d saved, %,d raw%n", backend.name, saved, raw);
        if (backend.isPostgres()) {
          printTableScans(backend);
          if (Boolean.getBoolean("bench.pgDiag")) {
            printStatements(backend);
          }
        }
      }
    }
    System.out.println();
    System.out.println("# load average at the end: " + Machine.load());
  }

  /** Runs saved through the store by {@code threads} threads until the phase ends; call latencies appended. */
  private static long saves(Backend backend, int threads, int players, long phaseNanos, List<long[]> latencies)
      throws Exception {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + phaseNanos;
    long[][] perThread = new long[threads][];
    run(
        threads,
        t -> {
          SplittableRandom random = new SplittableRandom(SEEDS.incrementAndGet());
          long[] samples = new long[1 << 16];
          int count = 0;
          while (System.nanoTime() < deadline) {
            var run = BoardData.freshRun(players, random).toRun();
            long start = System.nanoTime();
            backend.store.save(run);
            long took = System.nanoTime() - start;
            if (count == samples.length) {
              samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = took;
          }
          perThread[t] = Arrays.copyOf(samples, count);
          done.addAndGet(count);
        });
    latencies.addAll(Arrays.asList(perThread));
    return done.get();
  }

  /** Runs written as raw JDBC batches, {@code batch} to a transaction, until the phase ends. */
  private static long rawBatches(Backend backend, int threads, int batch, int players, long phaseNanos) throws Exception {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + phaseNanos;
    run(
        threads,
        t -> {
          SplittableRandom random = new SplittableRandom(SEEDS.incrementAndGet());
          try (Connection connection = backend.raw(false);
              RawRows rows = new RawRows(connection, true)) {
            while (System.nanoTime() < deadline) {
              for (int i = 0; i < batch; i++) {
                rows.add(BoardData.freshRun(players, random));
              }
              rows.flush();
              connection.commit();
              done.addAndGet(batch);
            }
          }
        });
    return done.get();
  }

  /** How each table was read during the run (PostgreSQL's statistics): a sequential scan in a save path is a bug. */
  private static void printTableScans(Backend backend) throws Exception {
    try (Connection connection = backend.raw(false);
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch FROM pg_stat_user_tables"
                    + " ORDER BY seq_tup_read DESC")) {
      System.err.println("  table scans (relname seq_scan seq_tup_read idx_scan idx_tup_fetch):");
      while (rows.next()) {
        System.err.printf("    %s %d %d %d %d%n", rows.getString(1), rows.getLong(2), rows.getLong(3),
            rows.getLong(4), rows.getLong(5));
      }
    }
  }

  /**
   * Diagnosis ({@code -Dbench.pgDiag=true}): server time per statement (pg_stat_statements), how the tables were
   * written and analysed, and the sessions holding a snapshot (an old xmin keeps dead row versions).
   */
  private static void printStatements(Backend backend) throws Exception {
    try (Connection connection = backend.raw(false)) {
      connection.setAutoCommit(true);
      try (java.sql.Statement statement = connection.createStatement()) {
        statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        System.err.println("  statements (calls, rows, total ms, mean ms, max ms, shared blks hit+read, query):");
        try (java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT calls, rows, total_exec_time, mean_exec_time, max_exec_time, shared_blks_hit + shared_blks_read,"
                    + " plans, total_plan_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 160)"
                    + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25")) {
          while (rows.next()) {
            System.err.printf("    %8d %8d %10.1f %8.3f %8.1f %10d plans %d (%.1f ms) | %s%n", rows.getLong(1),
                rows.getLong(2), rows.getDouble(3), rows.getDouble(4), rows.getDouble(5), rows.getLong(6),
                rows.getLong(7), rows.getDouble(8), rows.getString(9));
          }
        }
        System.err.println("  tables (relname n_tup_ins n_tup_upd n_tup_hot_upd n_live_tup n_dead_tup"
            + " autoanalyze_count last_autoanalyze autovacuum_count):");
        try (java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup, autoanalyze_count,"
                    + " last_autoanalyze, autovacuum_count FROM pg_stat_user_tables ORDER BY n_tup_ins + n_tup_upd DESC")) {
          while (rows.next()) {
            System.err.printf("    %s %d %d %d %d %d %d %s %d%n", rows.getString(1), rows.getLong(2), rows.getLong(3),
                rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getString(8), rows.getLong(9));
          }
        }
        System.err.println("  sessions (pid state backend_xmin xact_start query):");
        try (java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT pid, state, backend_xmin, xact_start, left(query, 80) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend'")) {
          while (rows.next()) {
            System.err.printf("    %d %s %s %s %s%n", rows.getLong(1), rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getString(5));
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface Task {
    void run(int thread) throws Exception;
  }

  private static void run(int threads, Task task) throws Exception {
    CountDownLatch finished = new CountDownLatch(threads);
    Exception[] failure = new Exception[1];
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  task.run(index);
                } catch (Exception e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                } finally {
                  finished.countDown();
                }
              },
              "writer-" + t);
      thread.start();
    }
    finished.await();
    synchronized (failure) {
      if (failure[0] != null) {
        throw failure[0];
      }
    }
  }
}
