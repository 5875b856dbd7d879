package org.warmupbot.core.port;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a server or workspace admin set.
 *
 * @param badgeGroups the Discord role or Slack user group id that stands for each pack's badge, by pack id
 * @param announcementChannel where badges are announced; {@code null} means the channel the run started in
 * @param allowedChannels where challenges may start; empty means everywhere
 * @param timeMultiplier how much longer every question lasts for this tenant (1.0 = as the pack says)
 */
public record TenantSettings(
    Map<String, String> badgeGroups,
    @Nullable String announcementChannel,
    Set<String> allowedChannels,
    double timeMultiplier) {

  public static final TenantSettings DEFAULT = new TenantSettings(Map.of(), null, Set.of(), 1.0);

  public TenantSettings {
    badgeGroups = Map.copyOf(badgeGroups);
    allowedChannels = Set.copyOf(allowedChannels);
    if (!(timeMultiplier >= 1.0 && timeMultiplier <= 4.0)) {
      throw new IllegalArgumentException("timeMultiplier must lie between 1.0 and 4.0, not " + timeMultiplier);
    }
  }

  public Optional<String> badgeGroup(String packId) {
    return Optional.ofNullable(badgeGroups.get(packId));
  }

  public boolean allowsChannel(String channelId) {
    return allowedChannels.isEmpty() || allowedChannels.contains(channelId);
  }
}
