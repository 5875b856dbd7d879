package org.warmupbot.launcher;

import java.time.Clock;
import java.util.Map;
import org.warmupbot.core.pack.DirectoryCatalog;
import org.warmupbot.core.pack.PackValidationException;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;

/** Builds the application from its parts, by hand, in one place. */
final class Wiring implements AutoCloseable {
  /** The terminal is a tenant of its own, so terminal runs rank apart from every server. */
  static final String TERMINAL_TENANT = "local";

  private final DirectoryCatalog catalog;
  private final ChallengeEngine engine;

  private Wiring(DirectoryCatalog catalog, ChallengeEngine engine) {
    this.catalog = catalog;
    this.engine = engine;
  }

  static Wiring open(CommonOptions options, Clock clock) throws PackValidationException {
    DirectoryCatalog catalog = new DirectoryCatalog(options.packs);
    InMemoryStore store = new InMemoryStore();
    RunRecorder recorder = new RunRecorder(store, Map.of(), Runnable::run);
    ChallengeEngine engine = ChallengeEngine.builder(catalog, clock).recorder(recorder).build();
    return new Wiring(catalog, engine);
  }

  DirectoryCatalog catalog() {
    return catalog;
  }

  ChallengeEngine engine() {
    return engine;
  }

  @Override
  public void close() {}
}
