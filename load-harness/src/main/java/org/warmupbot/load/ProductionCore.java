package org.warmupbot.load;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.DirectoryCatalog;
import org.warmupbot.core.pack.PackValidationException;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;

/**
 * The bot's core as the launcher wires it in production (see the launcher's {@code Application}): the packs
 * from a directory, the SQLite store, a single badge-grant thread, an engine with per-server time multipliers,
 * and the chores that write live sessions down every 10 s and retry failed writes every 5 s. Metrics are left
 * out (the launcher's metered wrappers are not public).
 */
final class ProductionCore implements AutoCloseable {
  final DirectoryCatalog catalog;
  final JdbcStore store;
  private final ExecutorService grants = Executors.newSingleThreadExecutor(daemon("load-badge-grants"));
  private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(daemon("load-chores"));
  private final boolean snapshots;
  /** Longest time one snapshot write (all live sessions, one transaction) took since {@link #takeSnapshotStats}. */
  private final java.util.concurrent.atomic.AtomicLong longestSnapshotNanos = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger snapshotCount = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int lastSnapshotSize;
  private @Nullable RunRecorder recorder;
  private @Nullable ChallengeEngine engine;
  private org.warmupbot.core.port.SessionScope servedPlatforms = org.warmupbot.core.port.SessionScope.of(Set.of()); // set by wire: the one platform this core serves

  /**
   * @param snapshots whether to run the 10-second session snapshot chore as production does (off only to
   *     measure what it costs)
   */
  ProductionCore(Path packs, Path sqliteFile, boolean snapshots) {
    this.snapshots = snapshots;
    this.catalog = catalog(packs);
    this.store = JdbcStores.sqlite(sqliteFile, ZoneOffset.UTC);
  }

  /** Says, as an admin would, which role (Discord) or user group (Slack) stands for every pack's badge. */
  void badgeGroup(Tenant tenant, String groupId) {
    Map<String, String> groups = new java.util.HashMap<>();
    catalog.all().forEach(pack -> groups.put(pack.id(), groupId));
    store.saveSettings(tenant, new TenantSettings(groups, null, Set.of(), 1.0));
  }

  /** Builds the recorder and engine around the one platform's granter; call once, before the bot starts. */
  void wire(Platform platform, BadgeGranter granter) {
    RunRecorder runs = new RunRecorder(store, Map.of(platform, granter), grants);
    recorder = runs;
    servedPlatforms = org.warmupbot.core.port.SessionScope.of(Set.of(platform));
    engine = ChallengeEngine.builder(catalog, Clock.systemUTC()).recorder(runs)
        .timeMultiplier(t -> store.settings(t).timeMultiplier()).build();
    if (snapshots) {
      chores.scheduleWithFixedDelay(this::snapshot, 10, 10, TimeUnit.SECONDS);
    }
    chores.scheduleWithFixedDelay(runs::retryWrites, 5, 5, TimeUnit.SECONDS);
  }

  private void snapshot() {
    var sessions = engine().snapshot();
    long start = System.nanoTime();
    store.replaceAll(servedPlatforms, sessions);
    long took = System.nanoTime() - start;
    longestSnapshotNanos.accumulateAndGet(took, Math::max);
    snapshotCount.incrementAndGet();
    lastSnapshotSize = sessions.size();
  }

  /** "n snapshots, longest x ms, last of y sessions" since the last call; resets. */
  String takeSnapshotStats() {
    if (!snapshots) {
      return "session snapshots off";
    }
    String stats = String.format(java.util.Locale.ROOT, "%d session snapshots, longest %.0f ms, last of %d sessions",
        snapshotCount.getAndSet(0), longestSnapshotNanos.getAndSet(0) / 1e6, lastSnapshotSize);
    return stats;
  }

  RunRecorder recorder() {
    if (recorder == null) {
      throw new IllegalStateException("wire() first");
    }
    return recorder;
  }

  ChallengeEngine engine() {
    if (engine == null) {
      throw new IllegalStateException("wire() first");
    }
    return engine;
  }

  static DirectoryCatalog catalog(Path packs) {
    try {
      return new DirectoryCatalog(packs);
    } catch (PackValidationException e) {
      throw new IllegalStateException("the packs in " + packs + " do not load:\n" + e.getMessage(), e);
    }
  }

  /** The action ids of every right choice in the packs, so simulated members answer right (and earn badges). */
  static Set<String> rightChoices(DirectoryCatalog catalog) {
    Set<String> ids = new HashSet<>();
    for (ChallengePack pack : catalog.all()) {
      for (Question question : pack.questions()) {
        if (question.answer() instanceof Answer.SingleChoice single) {
          for (Choice choice : single.choices()) {
            if (choice.correct()) {
              ids.add(new Command.Choose(question.id(), choice.id()).actionId());
            }
          }
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    chores.shutdownNow();
    if (engine != null) {
      engine.shutDown(); // abandoned sessions would time out during the next platform's phases
    }
    grants.shutdown();
    try {
      grants.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
