package org.warmupbot.launcher;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the terminal's leaderboard: the runs taken with {@code play} on this store. */
@Command(
    name = "leaderboard",
    mixinStandardHelpOptions = true, description = "Show the terminal leaderboard of a pack (runs taken with play).")
final class LeaderboardCommand implements Callable<Integer> {

  @Option(names = "--pack", description = "Pack id (default: the first pack).")
  String packId;

  @Option(names = "--period", description = "week or all (default: all).")
  String period = "all";

  @Option(names = "--page", description = "Page, 10 members each (default: 1).")
  int page = 1;

  @Option(names = "--user", description = "Whose rank to show (default: your login).")
  String user = System.getProperty("user.name", "player");

  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Period chosen;
    if (period.equals("week")) {
      chosen = Period.WEEK;
    } else if (period.equals("all")) {
      chosen = Period.ALL_TIME;
    } else {
      spec.commandLine().getErr().println("error: --period is week or all, not " + period);
      return 2;
    }
    Clock clock = Clock.systemUTC();
    Settings settings = common.settings();
    try (Application app = new Application(settings, clock, false)) {
      Leaderboards boards = app.leaderboards();
      String pack = packId != null ? packId : app.catalog().all().get(0).id();
      if (app.catalog().find(pack).isEmpty()) {
        // An unknown id would show an empty board, as if nobody had played: say so, as play does.
        String known = app.catalog().all().stream().map(ChallengePack::id).collect(Collectors.joining(", "));
        spec.commandLine().getErr().println("error: there is no pack '" + pack + "'; the packs are: " + known);
        return 2;
      }
      Player viewer = Player.of(app.terminalTenant(), user);
      spec.commandLine().getOut().print(new TerminalRenderer(clock).render(boards.board(app.terminalTenant(), viewer, pack, chosen, page)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
