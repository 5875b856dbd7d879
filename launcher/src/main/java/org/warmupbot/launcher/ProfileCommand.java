package org.warmupbot.launcher;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.warmupbot.core.board.Leaderboards;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints a terminal player's profile: badges, best scores, runs, streaks and rates per category. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true, description = "Show a terminal player's badges, best scores, streak and rates per category.")
final class ProfileCommand implements Callable<Integer> {

  @Option(names = "--user", description = "Whose profile (default: your login).")
  String user = System.getProperty("user.name", "player");

  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    Settings settings = common.settings();
    try (Application app = new Application(settings, clock, false)) {
      Leaderboards boards = app.leaderboards();
      var player = org.warmupbot.core.player.Player.of(app.terminalTenant(), user);
      spec.commandLine().getOut().print(new TerminalRenderer(clock).render(boards.profile(player, app.catalog())));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
