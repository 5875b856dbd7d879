package org.warmupbot.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.view.Action;

/**
 * The cost of one press on a live session among many, beside the floor under it: a raw Caffeine {@code
 * asMap().compute} on the same keys, in a cache with the same variable expiry. Each engine operation is three
 * presses (resume to learn the question, the right answer, Next: three computes and three views), so the
 * baseline does three computes.
 *
 * <pre>{@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -Xmx8g -jar benchmarks/target/benchmarks.jar AnswerStepBenchmark -p sessions=1000000
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
@Threads(2)
public class AnswerStepBenchmark {

  @Param({"1000000"})
  int sessions;

  private Player[] players;
  private ChallengeEngine engine;
  private Cache<Player, long[]> raw;

  @Setup(Level.Trial)
  public void setUp() {
    engine = ChallengeEngine.builder(BenchPacks.catalog(BenchPacks.LONG), Clock.systemUTC()).idleTimeout(Duration.ofHours(1)).build();
    raw =
        Caffeine.newBuilder()
            .expireAfter(
                new com.github.benmanes.caffeine.cache.Expiry<Player, long[]>() {
                  @Override
                  public long expireAfterCreate(Player key, long[] value, long currentTime) {
                    return TimeUnit.MINUTES.toNanos(15);
                  }

                  @Override
                  public long expireAfterUpdate(Player key, long[] value, long currentTime, long currentDuration) {
                    return TimeUnit.MINUTES.toNanos(15);
                  }

                  @Override
                  public long expireAfterRead(Player key, long[] value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
    players = new Player[sessions];
    for (int i = 0; i < sessions; i++) {
      players[i] = new Player(Platform.DISCORD, "guild-" + (i % 1000), Integer.toString(100_000_000 + i));
      engine.handle(players[i], new Command.Begin(BenchPacks.PACK_ID), null);
      raw.put(players[i], new long[2]);
    }
  }

  @Benchmark
  public void engineAnswerThenNext(Blackhole blackhole) {
    Player player = players[ThreadLocalRandom.current().nextInt(players.length)];
    // Where the session is, then the press an adapter would decode from the right choice's button, then Next.
    Step current = engine.handle(player, new Command.Resume(), null);
    Optional<Action> right =
        current.view().actions(Action.Kind.CHOICE).stream().filter(a -> a.label().equals("Right")).findFirst();
    if (right.isEmpty()) { // finished the whole pack, or between questions: start again
      blackhole.consume(engine.handle(player, new Command.Restart(BenchPacks.PACK_ID), null));
      return;
    }
    Command.Choose choose = (Command.Choose) Command.parse(right.get().id()).orElseThrow();
    blackhole.consume(engine.handle(player, choose, null));
    blackhole.consume(engine.handle(player, new Command.Next(choose.questionId()), null));
  }

  @Benchmark
  public void rawCaffeineCompute(Blackhole blackhole) {
    Player player = players[ThreadLocalRandom.current().nextInt(players.length)];
    long[] first = raw.asMap().compute(player, (key, value) -> bump(value));
    long[] second = raw.asMap().compute(player, (key, value) -> bump(value));
    long[] third = raw.asMap().compute(player, (key, value) -> bump(value));
    blackhole.consume(first);
    blackhole.consume(second);
    blackhole.consume(third);
  }

  private static long[] bump(long[] value) {
    value[0]++;
    value[1] = System.nanoTime();
    return value;
  }
}
