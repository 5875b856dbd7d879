package org.warmupbot.launcher;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;

/**
 * The engine's time multiplier: the server's setting, or 1.0 (as the packs say, logged at WARN) when the store
 * cannot be read. The engine asks inside its per-member lock while a member opens or starts a challenge, which
 * lives in memory; an unreachable store must not turn that press into an error. Thread-safe.
 */
final class StoreTimeMultiplier implements Function<Tenant, Double> {
  private static final Logger log = LoggerFactory.getLogger(StoreTimeMultiplier.class);

  private final ResultStore store;

  StoreTimeMultiplier(ResultStore store) {
    this.store = store;
  }

  @Override
  public Double apply(Tenant tenant) {
    try {
      return store.settings(tenant).timeMultiplier();
    } catch (StoreUnavailableException e) {
      log.warn("Could not read the time multiplier of {} (the store is unavailable: {}); this challenge runs with"
          + " the packs' own times", tenant, e.getMessage());
      return TenantSettings.DEFAULT.timeMultiplier();
    }
  }
}
