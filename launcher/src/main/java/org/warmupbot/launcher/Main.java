package org.warmupbot.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runnable jar's entry point: {@code java -jar warmup-bot.jar <command>}. */
@Command(
    name = "warmup-bot",
    mixinStandardHelpOptions = true,
    version = "Warmup Bot 0.1.0",
    description = "Timed study challenges with badges and leaderboards, on Discord, Slack and in a terminal.",
    subcommands = {
      PlayCommand.class,
      ValidateCommand.class,
      LeaderboardCommand.class,
      ProfileCommand.class,
      RunCommand.class,
      ReloadCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // The JDK HTTP server (Slack's HTTP mode, /health) otherwise waits up to 40 ms (Nagle) on small replies.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code, without exiting: tests call this. */
  static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  static int execute(PrintWriter out, PrintWriter err, String... args) {
    try {
      return new CommandLine(new Main())
          .setOut(out)
          .setErr(err)
          .setExecutionExceptionHandler(Main::failed)
          .execute(args);
    } finally {
      // An auto-flushing writer flushes on println only: what a command print()ed must not die in its buffer.
      out.flush();
      err.flush();
    }
  }

  /**
   * A command failed: prints what went wrong, one line per failure, and returns exit code 1. A user never sees a
   * stack trace (the debug log has it); failures added as suppressed, such as the second platform refusing at
   * start, get a line each.
   */
  static int failed(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    commandLine.getErr().println("error: " + exception.getMessage());
    for (Throwable also : exception.getSuppressed()) {
      commandLine.getErr().println("error: " + also.getMessage());
    }
    org.slf4j.LoggerFactory.getLogger(Main.class).debug("Command failed", exception);
    return 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
