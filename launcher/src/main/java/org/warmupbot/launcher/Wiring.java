package org.warmupbot.launcher;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.warmupbot.core.pack.DirectoryCatalog;
import org.warmupbot.core.pack.PackValidationException;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;

/** Builds the application from its parts, by hand, in one place. */
final class Wiring implements AutoCloseable {
  /** The terminal is a tenant of its own, so terminal runs rank apart from every server. */
  static final String TERMINAL_TENANT = "local";

  private final Settings settings;
  private final DirectoryCatalog catalog;
  private final JdbcStore store;
  private final RunRecorder recorder;
  private final ChallengeEngine engine;
  private final ExecutorService grants;

  private Wiring(Settings settings, Clock clock, Map<Platform, BadgeGranter> granters) throws PackValidationException {
    this.settings = settings;
    this.catalog = new DirectoryCatalog(settings.packs());
    this.store = openStore(settings);
    this.grants = Executors.newSingleThreadExecutor(daemon("badge-grants"));
    this.recorder = new RunRecorder(store, granters, grants);
    this.engine =
        ChallengeEngine.builder(catalog, clock)
            .recorder(recorder)
            .idleTimeout(settings.idleTimeout())
            .timeMultiplier(tenant -> store.settings(tenant).timeMultiplier())
            .build();
  }

  static Wiring open(Settings settings, Clock clock) throws PackValidationException {
    return new Wiring(settings, clock, Map.of());
  }

  private static JdbcStore openStore(Settings settings) {
    Settings.Store store = settings.store();
    if (store.url() == null) {
      return JdbcStores.sqlite(store.sqliteFile(), settings.weekZone());
    }
    return JdbcStores.open(store.url(), store.user(), store.password(), settings.weekZone());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  Settings settings() {
    return settings;
  }

  DirectoryCatalog catalog() {
    return catalog;
  }

  JdbcStore store() {
    return store;
  }

  RunRecorder recorder() {
    return recorder;
  }

  ChallengeEngine engine() {
    return engine;
  }

  /** Lets pending grants and writes finish, then closes the store. */
  @Override
  public void close() throws InterruptedException {
    grants.shutdown();
    grants.awaitTermination(5, TimeUnit.SECONDS);
    recorder.retryWrites();
    store.close();
  }
}
