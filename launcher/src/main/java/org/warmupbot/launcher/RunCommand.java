package org.warmupbot.launcher;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the bot on every configured platform until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true, description = "Run the bot on every configured platform (Discord, Slack) until stopped.")
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Logging.configure(settings.logFormat());
    if (!settings.discord().enabled() && !settings.slack().enabled()) {
      spec.commandLine()
          .getErr()
          .println(
              "error: no platform is configured: set DISCORD_TOKEN (Discord) and/or SLACK_BOT_TOKEN (Slack); see the"
                  + " README. To try the challenge without a platform, use: play");
      return 2;
    }
    Application app = new Application(settings, Clock.systemUTC(), true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: no new sessions; writing down live ones");
                  app.close();
                  log.info("Stopped");
                  stopped.countDown();
                },
                "warmup-shutdown"));
    app.start();
    log.info("Warmup Bot is running");
    stopped.await();
    return 0;
  }
}
