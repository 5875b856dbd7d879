package org.warmupbot.slack;

import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.view.View;

/**
 * The leaderboard and profile screens App Home and {@code /warmup leaderboard} show: the core's {@link
 * Leaderboards}, behind a seam so this module's tests can feed boards of any length.
 */
interface Boards {

  /** A page of a pack's board, with the viewer's own line. */
  View board(Player viewer, BoardAction page);

  /** The member's badges, best scores and streak. */
  View profile(Player player);

  static Boards of(Leaderboards leaderboards, ChallengeCatalog catalog) {
    return new Boards() {
      @Override
      public View board(Player viewer, BoardAction page) {
        return leaderboards.board(viewer, page);
      }

      @Override
      public View profile(Player player) {
        return leaderboards.profile(player, catalog);
      }
    };
  }
}
