package org.warmupbot.discord;

import java.util.Locale;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.port.ChallengeCatalog;

/** The {@code pack} option of the bot's commands, read one way for members and admins alike. */
final class PackOption {
  private PackOption() {}

  /** The pack id typed or picked, as pack ids are written (trimmed, lower-case); the first pack when left out. */
  static String id(ChallengeCatalog catalog, @Nullable OptionMapping option) {
    if (option != null && !option.getAsString().isBlank()) {
      return option.getAsString().strip().toLowerCase(Locale.ROOT);
    }
    return catalog.all().get(0).id();
  }

  /** The answer to a pack id the catalog does not hold: which packs there are. */
  static String unknown(ChallengeCatalog catalog, String packId) {
    return DiscordRenderer.cut("There is no challenge called \"" + packId + "\". Available: "
        + catalog.all().stream().map(ChallengePack::id).collect(Collectors.joining(", ")) + ".",
        DiscordRenderer.CONTENT_MAX);
  }
}
