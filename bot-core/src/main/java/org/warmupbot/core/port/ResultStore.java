package org.warmupbot.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;

/**
 * Where finished runs and badges are kept, and the leaderboards read from them. Implementations are
 * thread-safe. A leaderboard ranks each member by their best run among those finished at or after {@code
 * since} ({@code null}: all time): higher score first, then shorter total time, then earlier finish.
 *
 * @throws StoreUnavailableException from any method when the store cannot be reached
 */
public interface ResultStore {

  /**
   * Keeps a finished run. Saving a run whose {@code runId} is already kept changes nothing. A run that {@link
   * FinishedRun#badgeEarned() earned its badge} also keeps the badge, in the same write, as {@link
   * GrantStatus#BEING_GRANTED} (named by the pack id until its grant's outcome is saved), unless the member has an
   * award for that pack already: an earned badge is never lost between the run and its grant.
   */
  void save(FinishedRun run);

  /** One page of a leaderboard; {@code offset} is 0-based. */
  List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit);

  /** How many members have a run on this leaderboard. */
  int rankedCount(Tenant tenant, String packId, @Nullable Instant since);

  /** The member's place on this leaderboard, if they have a run on it. */
  Optional<Ranked> standing(Player player, String packId, @Nullable Instant since);

  /** The member's runs on every pack, oldest first. */
  List<FinishedRun> runs(Player player);

  /**
   * Keeps a badge, or updates it: one award per member and pack, earned when first earned (the earlier time). An
   * award once granted stays granted: a later outcome that is not (a grant that could not be given again, from a
   * process that did not know the member held it) changes its name and time only.
   */
  void saveBadge(BadgeAward award);

  List<BadgeAward> badges(Player player);

  /**
   * The awards of this tenant's members who hold the pack's badge (granted), earliest first: given the badge's role
   * or group again when an admin sets it.
   */
  List<BadgeAward> holders(Tenant tenant, String packId);

  /** Awards of this tenant whose grant is pending, oldest first, for retrying once an admin fixed the cause. */
  List<BadgeAward> pendingBadges(Tenant tenant);

  /**
   * Awards on {@code platform}, of every tenant, left {@link GrantStatus#BEING_GRANTED}: their grant had not run, or
   * waited for an automatic retry, when the process that kept them stopped. Oldest first; what a process resumes
   * once its platform is connected.
   */
  List<BadgeAward> badgesBeingGranted(Platform platform);

  TenantSettings settings(Tenant tenant);

  void saveSettings(Tenant tenant, TenantSettings settings);
}
