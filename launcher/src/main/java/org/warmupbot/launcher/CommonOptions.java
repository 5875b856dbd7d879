package org.warmupbot.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    Map<String, Map.Entry<String, String>> options = new HashMap<>();
    if (packs != null) {
      options.put("packs", Map.entry("--packs", packs.toString()));
    }
    if (storeUrl != null) {
      options.put("store.url", Map.entry("--store", storeUrl));
    }
    return SettingsLoader.fromSystemEnvironment().load(config != null ? config : DEFAULT_CONFIG, config != null, options);
  }
}
