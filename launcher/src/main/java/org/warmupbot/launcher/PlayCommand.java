package org.warmupbot.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.ChallengeEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Takes a challenge in the terminal, recording the run in the store like any other platform. */
@Command(
    name = "play",
    mixinStandardHelpOptions = true, description = "Take a challenge in this terminal (works with piped input too).")
final class PlayCommand implements Callable<Integer> {

  @Option(names = "--pack", description = "Pack id (default: the first pack).")
  String packId;

  @Option(names = "--user", description = "Your name on the terminal leaderboard (default: your login).")
  String user = System.getProperty("user.name", "player");

  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Application app = new Application(common.settings(), clock, false)) {
      ChallengeEngine engine = app.engine();
      String pack = packId != null ? packId : app.catalog().all().get(0).id();
      Player player = Player.of(app.terminalTenant(), user);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      boolean interactive = System.console() != null;
      ScheduledExecutorService countdown = interactive ? Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warmup-countdown");
        thread.setDaemon(true);
        return thread;
      }) : null;
      try {
        return new TerminalPlay(engine, player, in, System.out, new TerminalRenderer(clock), !interactive, clock, countdown)
            .play(pack);
      } finally {
        if (countdown != null) {
          countdown.shutdownNow();
        }
      }
    }
  }
}
