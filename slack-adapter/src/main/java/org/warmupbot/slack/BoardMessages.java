package org.warmupbot.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.ChallengeCatalog;

/**
 * The private answer to {@code /warmup leaderboard}: this week's and the all-time board of a pack, each with the
 * page buttons the core's board view offers (Previous, Next, My page; not the switch to the other period, which
 * shows below or above anyway), and the same message turned to the page a press asks for.
 *
 * <p>The message keeps its state in its buttons, not in the bot: every button's value is a {@link Pages} (whose
 * answer it is and the page each board shows), so a press turns one board and leaves the other where it was, and a
 * restarted bot still pages a message it posted before. The action ids are the core's {@link BoardAction} ids (at
 * most 64 characters, unique within the message: Slack refuses a repeated one).
 *
 * <p>Stateless and thread-safe. Both methods block on the store and throw what it throws.
 */
final class BoardMessages {
  /** Blocks per board: two boards and the divider between them stay within a message's 50. */
  private static final int BOARD_BLOCKS = 24;

  private final ChallengeCatalog catalog;
  private final Boards boards;
  private final SlackViews views;

  BoardMessages(ChallengeCatalog catalog, Boards boards, SlackViews views) {
    this.catalog = catalog;
    this.boards = boards;
    this.views = views;
  }

  /** A message for a response_url: a fallback {@code text} and its {@code blocks} (none for a plain notice). */
  record Message(String text, List<LayoutBlock> blocks) {
    Message {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text must be set");
      }
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * What a board message shows, as its buttons carry it in their value: {@code askerId|week|allTime}.
   *
   * @param askerId the member the message was posted for (the only one who sees it: it is ephemeral)
   * @param week the page of this week's board, 1-based, or {@link BoardAction#VIEWERS_PAGE}
   * @param allTime the page of the all-time board, 1-based, or {@link BoardAction#VIEWERS_PAGE}
   */
  record Pages(String askerId, int week, int allTime) {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
    private static final Pattern PAGE = Pattern.compile("0|[1-9][0-9]{0,4}"); // 0: the viewer's page

    Pages {
      if (askerId == null || !USER_ID.matcher(askerId).matches()) {
        throw new IllegalArgumentException("askerId must be 1 to 40 letters or digits, not " + askerId);
      }
      if (week < BoardAction.VIEWERS_PAGE || week > BoardAction.MAX_PAGE || allTime < BoardAction.VIEWERS_PAGE
          || allTime > BoardAction.MAX_PAGE) {
        throw new IllegalArgumentException("week and allTime must lie between 1 and " + BoardAction.MAX_PAGE
            + " (or be the viewer's, " + BoardAction.VIEWERS_PAGE + "), not " + week + ", " + allTime);
      }
    }

    /** Both boards on their first page. */
    static Pages first(String askerId) {
      return new Pages(askerId, 1, 1);
    }

    /** These pages with the pressed board turned to the page the press leads to. */
    Pages turnedTo(BoardAction page) {
      return page.period() == Period.WEEK ? new Pages(askerId, page.page(), allTime)
          : new Pages(askerId, week, page.page());
    }

    /** The same pages, for another member's own copy. */
    Pages forMember(String userId) {
      return new Pages(userId, week, allTime);
    }

    int page(Period period) {
      return period == Period.WEEK ? week : allTime;
    }

    /** At most 52 characters: well within a button value's 2000. */
    String encode() {
      return askerId + "|" + week + "|" + allTime;
    }

    /** The pages a button value stands for; empty for a value this class did not write. */
    static Optional<Pages> decode(@Nullable String value) {
      if (value == null) {
        return Optional.empty();
      }
      String[] parts = value.split("\\|", -1);
      if (parts.length != 3 || !USER_ID.matcher(parts[0]).matches() || !PAGE.matcher(parts[1]).matches()
          || !PAGE.matcher(parts[2]).matches()) {
        return Optional.empty();
      }
      return Optional.of(new Pages(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
    }
  }

  /**
   * What {@code /warmup leaderboard} answers for pack {@code packId} (lower-case): both boards on their first page,
   * or, for a pack the catalog does not hold, which packs there are.
   */
  Message first(Player asker, String packId) {
    return show(asker, packId, Pages.first(asker.userId()));
  }

  /**
   * The message with both boards at {@code pages}, seen by {@code viewer} (their own line marked); a pack no
   * longer loaded shows which packs there are. A page past the end shows the last one.
   */
  Message show(Player viewer, String packId, Pages pages) {
    if (catalog.find(packId).isEmpty()) {
      return new Message(unknownPack(catalog, packId), List.of());
    }
    List<LayoutBlock> blocks = new ArrayList<>();
    Set<String> usedIds = new HashSet<>();
    for (Period period : Period.values()) {
      if (!blocks.isEmpty()) {
        blocks.add(SlackViews.divider());
      }
      BoardAction page = new BoardAction(period, packId, pages.page(period));
      List<LayoutBlock> board =
          views.blocks(HomeTab.pagingOnly(boards.board(viewer, page), period, usedIds), BOARD_BLOCKS, false);
      blocks.addAll(carrying(board, pages.encode()));
    }
    return new Message("Warmup leaderboard for " + packId, SlackViews.fit(blocks, SlackViews.MESSAGE_BLOCKS));
  }

  /** What a member reads for a pack {@code catalog} does not hold: which packs there are. */
  static String unknownPack(ChallengeCatalog catalog, String packId) {
    String known = String.join(", ", catalog.all().stream().map(ChallengePack::id).toList());
    return known.isEmpty() ? "No challenge packs are loaded."
        : "There is no challenge called \"" + SlackText.escape(SlackText.clip(packId, 100)) + "\". Available: "
            + known + ".";
  }

  /** Sets every button's value to {@code value}: what the message shows, for the press to build on. */
  private static List<LayoutBlock> carrying(List<LayoutBlock> blocks, String value) {
    for (LayoutBlock block : blocks) {
      if (block instanceof ActionsBlock actions) {
        for (BlockElement element : actions.getElements()) {
          if (element instanceof ButtonElement button) {
            button.setValue(value);
          }
        }
      }
    }
    return blocks;
  }
}
