package org.warmupbot.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches packs or the store shares. */
final class CommonOptions {

  @Option(names = "--packs", paramLabel = "DIR", description = "Folder of challenge packs (default: config/challenges).")
  Path packs = Path.of("config", "challenges");

  @Option(
      names = "--store",
      paramLabel = "URL",
      description = "JDBC URL of the results store (default: embedded SQLite at data/warmup-bot.db).")
  String storeUrl;
}
