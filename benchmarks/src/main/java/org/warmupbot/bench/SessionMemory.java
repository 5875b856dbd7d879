package org.warmupbot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;

/**
 * Heap held per live session: the heap after a full GC with N sessions at their first question, less the heap
 * without them, over N. Counts everything a session costs: the cache entry, the key and the session.
 *
 * <pre>{@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -Xmx4g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar org.warmupbot.bench.SessionMemory 1000000
 * }</pre>
 */
public final class SessionMemory {
  private SessionMemory() {}

  public static void main(String[] args) {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    ChallengeEngine engine =
        ChallengeEngine.builder(BenchPacks.catalog(BenchPacks.SHORT), Clock.systemUTC()).idleTimeout(Duration.ofHours(1)).build();
    long before = usedAfterGc();
    for (int i = 0; i < sessions; i++) {
      // Ids shaped like Discord's: a 19-digit user snowflake in one of a thousand guilds.
      Player player =
          new Player(Platform.DISCORD, Long.toString(900_000_000_000_000_000L + i % 1000), Long.toString(800_000_000_000_000_000L + i));
      engine.handle(player, new Command.Begin(BenchPacks.PACK_ID), null);
    }
    long after = usedAfterGc();
    System.out.printf(
        "%d live sessions: %.1f MiB of heap, %.0f bytes per session (cache entry, key and session)%n",
        engine.liveSessions(), (after - before) / 1048576.0, (after - before) / (double) sessions);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
