package org.warmupbot.discord;

import java.util.Optional;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.view.View;

/**
 * Leaderboard and profile screens, as the adapter needs them. {@link StoreBoards} reads them from the result
 * store; the core's {@code Leaderboards} service takes its place once wired. Thread-safe; may block on the store.
 */
interface Boards {

  /** Page {@code page} (0-based) of this server's board for a pack, over a week or all time. */
  View board(Player viewer, String packId, boolean week, int page);

  View profile(Player member);

  /** The screen a paging button leads to; empty when {@code actionId} is not a board action. */
  Optional<View> press(Player viewer, String actionId);
}
