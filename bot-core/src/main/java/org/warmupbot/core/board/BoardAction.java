package org.warmupbot.core.board;

import java.util.Optional;
import org.warmupbot.core.session.Command;

/**
 * A leaderboard page a button leads to. Its {@link #actionId()} ({@code board:week:warmup-mastery:2}) is at most
 * 64 characters, so it fits Discord's and Slack's custom ids, and {@link #parse(String)} reads it back.
 *
 * @param page 1-based, at most {@link #MAX_PAGE}; or {@link #VIEWERS_PAGE} (id {@code board:week:pack:me}): the page
 *     of whoever presses it, found at the press, so a "My page" button on a board others can press leads each of
 *     them to their own
 */
public record BoardAction(Period period, String packId, int page) {

  public static final String PREFIX = "board:";
  public static final int MAX_PAGE = 99_999;
  public static final int VIEWERS_PAGE = 0;
  private static final String VIEWERS_PAGE_ID = "me";

  public BoardAction {
    if (period == null) {
      throw new IllegalArgumentException("period must be set");
    }
    if (packId == null || !Command.ID.matcher(packId).matches()) {
      throw new IllegalArgumentException(
          "packId must be lower-case letters, digits and dashes, at most 32, not " + packId);
    }
    if (page < VIEWERS_PAGE || page > MAX_PAGE) {
      throw new IllegalArgumentException("page must lie between 1 and " + MAX_PAGE + " (or be the viewer's, "
          + VIEWERS_PAGE + "), not " + page);
    }
  }

  /** Whether this leads to the page of whoever presses it. */
  public boolean viewersPage() {
    return page == VIEWERS_PAGE;
  }

  public String actionId() {
    return PREFIX + period.key() + ":" + packId + ":" + (viewersPage() ? VIEWERS_PAGE_ID : page);
  }

  /** The action an id stands for; empty for an id that is not a well-formed board id. */
  public static Optional<BoardAction> parse(String actionId) {
    String[] parts = actionId.split(":", -1);
    if (parts.length != 4 || !parts[0].equals("board")
        || !(parts[3].equals(VIEWERS_PAGE_ID) || parts[3].matches("[1-9][0-9]{0,4}"))) {
      return Optional.empty();
    }
    Optional<Period> period = Period.ofKey(parts[1]);
    if (period.isEmpty() || !Command.ID.matcher(parts[2]).matches()) {
      return Optional.empty();
    }
    int page = parts[3].equals(VIEWERS_PAGE_ID) ? VIEWERS_PAGE : Integer.parseInt(parts[3]);
    return Optional.of(new BoardAction(period.get(), parts[2], page));
  }
}
