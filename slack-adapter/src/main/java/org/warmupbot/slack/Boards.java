package org.warmupbot.slack;

import org.warmupbot.core.player.Player;
import org.warmupbot.core.view.View;

/**
 * The leaderboard and profile screens App Home and {@code /warmup leaderboard} show. Backed by the core's
 * {@code org.warmupbot.core.board.Leaderboards}; a seam so this module's tests can feed fixed boards.
 */
interface Boards {

  /** The workspace's board for a pack, this week or all time, with the viewer's line marked. */
  View board(Player viewer, String packId, boolean thisWeek);

  /** The member's badges, best scores and streak. */
  View profile(Player player);
}
