package org.warmupbot.store.jdbc;

import java.time.ZoneId;

/**
 * A store opened with a week zone other than the one its weekly boards are kept in, while another bot process
 * uses the database: moving the boards to this zone would empty that process's weekly boards.
 */
final class WeekZoneConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  WeekZoneConflictException(String where, String kept, ZoneId wanted) {
    super("store " + where + ": its weekly leaderboards are kept in the week zone " + kept + " and another bot"
        + " process (a `run` process or a terminal command) is using this store now, but this one was started with the week zone " + wanted.getId()
        + ": moving the weekly boards to " + wanted.getId() + " would empty the other process's weekly boards."
        + " Start this process with leaderboard.weekZone (WARMUP_LEADERBOARD_WEEK_ZONE) set to " + kept
        + ", as the others have it. To change the zone on purpose, stop every bot process that uses this store,"
        + " start one with the new zone (it moves the weekly boards over), then start the others with the same"
        + " zone.");
  }
}
