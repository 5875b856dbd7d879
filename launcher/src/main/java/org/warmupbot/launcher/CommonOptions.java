package org.warmupbot.launcher;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options every command that touches settings, packs or the store shares; they win over the settings file. */
final class CommonOptions {
  static final Path DEFAULT_CONFIG = Path.of("config", "warmup-bot.yml");

  @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: config/warmup-bot.yml).")
  @Nullable Path config;

  @Option(names = "--packs", paramLabel = "DIR", description = "Folder of challenge packs (default: from the settings).")
  @Nullable Path packs;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description = "JDBC URL of the results store (default: from the settings; embedded SQLite at data/warmup-bot.db).")
  @Nullable String storeUrl;

  /** The settings file, the environment and these options, checked together. */
  Settings settings() throws SettingsLoader.InvalidSettingsException {
    Settings loaded =
        SettingsLoader.fromSystemEnvironment().load(config != null ? config : DEFAULT_CONFIG, config != null);
    Settings.Store store = loaded.store();
    if (storeUrl != null) {
      store = new Settings.Store(storeUrl, store.user(), store.password(), store.sqliteFile());
    }
    return new Settings(
        packs != null ? packs : loaded.packs(),
        store,
        loaded.weekZone(),
        loaded.idleTimeout(),
        loaded.discord(),
        loaded.slack(),
        loaded.healthPort(),
        loaded.logFormat());
  }
}
