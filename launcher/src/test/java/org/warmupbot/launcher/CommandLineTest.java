package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The jar's commands as an operator runs them: exit codes and messages, never a stack trace. */
final class CommandLineTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void validate_shippedPacks_exitsZero() {
    assertThat(run("validate", "../config/challenges")).isZero();
    assertThat(out.toString()).contains("warmup-mastery (5 questions)");
  }

  @Test
  void validate_brokenPack_exitsNonZeroNamingFileLineAndField() throws Exception {
    Path pack = dir.resolve("broken.yml");
    String shipped = Files.readString(Path.of("../config/challenges/warmup-mastery.yml"));
    Files.writeString(pack, shipped.replace("attempts: 2", "attempts: 9"));

    int exit = run("validate", pack.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains(pack + ":").contains("defaults.attempts").doesNotContain("Exception");
  }

  /** Review 9: a new pack checked beside the folder it joins passed with an id the folder already uses. */
  @Test
  void validate_aPackBesideTheFolderItJoins_refusesAnIdTheFolderUses() throws Exception {
    Path pack = dir.resolve("copy.yml");
    Files.copy(Path.of("../config/challenges/warmup-mastery.yml"), pack);

    int exit = run("validate", "../config/challenges", pack.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains(pack + ": id 'warmup-mastery' is also the id of a pack in"
        + " ../config/challenges; every pack needs an id of its own (the bot would refuse the folder)");
  }

  /** A folder and a file in it, the same path twice, or two folders (alternatives) are not clashes. */
  @Test
  void validate_aPathReachedTwiceOrTwoFolders_isNoClash() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("challenges"));
    Path pack = folder.resolve("warmup-mastery.yml");
    Files.copy(Path.of("../config/challenges/warmup-mastery.yml"), pack);

    assertThat(run("validate", folder.toString(), pack.toString())).isZero();
    assertThat(run("validate", "../config/challenges", "../config/challenges")).isZero();
    assertThat(run("validate", "../config/challenges", folder.toString())).isZero();
    assertThat(err.toString()).doesNotContain("is also the id of a pack");
  }

  /** Review 9: reload checked every setting, so run outside the bot's folder it failed on the packs folder. */
  @Test
  void reload_readsOnlyTheHealthPort_soAMissingPacksFolderDoesNotStopIt() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing answers there
    }
    Path settings = dir.resolve("warmup-bot.yml");
    Files.writeString(settings, "packs: " + dir.resolve("no-such-folder") + "\nhealth:\n  port: " + port + "\n");

    int exit = run("reload", "--config", settings.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("error: no bot answers on port " + port + " of this machine")
        .doesNotContain("packs");
  }

  /**
   * Review 11: `reload` print()ed the bot's answer into an auto-flushing writer, which flushes on println only, and
   * the process exited: an operator saw neither "Reloaded" nor why a pack was refused. The writers here are built
   * as {@code Main} builds them, over streams, and read without another flush.
   */
  @Test
  void reload_printsTheBotsAnswer_beforeTheProcessExits() throws Exception {
    String reloaded = "Reloaded 1 challenge packs: warmup-mastery (5 questions).";
    assertThat(reloadAgainstABotAnswering(200, reloaded))
        .isEqualTo(new Reload(0, reloaded + System.lineSeparator(), ""));

    String refused = "Refused; the loaded packs stay in service.\n"
        + "x.yml:3:5: questions[0].difficulty: 'hard' is not a difficulty\n";
    assertThat(reloadAgainstABotAnswering(422, refused)).isEqualTo(new Reload(1, "", refused));
  }

  private record Reload(int exit, String stdout, String stderr) {}

  private Reload reloadAgainstABotAnswering(int status, String body) throws Exception {
    HttpServer bot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    bot.createContext("/reload", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(bytes);
      }
    });
    bot.start();
    try {
      Path settings = dir.resolve("warmup-bot.yml");
      Files.writeString(settings, "health:\n  port: " + bot.getAddress().getPort() + "\n");
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      int exit = Main.execute(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
          "reload", "--config", settings.toString());
      return new Reload(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      bot.stop(0);
    }
  }

  /** Review 11: reload's help offered --packs and --store, which it ignored (the bot reloads its own folder). */
  @Test
  void reloadHelp_offersOnlyTheSettingsFile() {
    run("reload", "--help");

    assertThat(out.toString()).contains("--config=FILE").doesNotContain("--packs").doesNotContain("--store");
  }

  @Test
  void reload_withAHealthPortThatIsNoPort_namesTheSettingAndWhere() throws Exception {
    Path settings = dir.resolve("warmup-bot.yml");
    Files.writeString(settings, "health:\n  port: eighty\n");

    run("reload", "--config", settings.toString());

    assertThat(err.toString()).contains(settings + ":2:3: health.port: 'eighty' is not a whole number; use 0 to"
        + " 65535");
  }

  @Test
  void settingsWithThreeMistakes_giveThreeMessagesAndANonZeroExit() throws Exception {
    Path settings = dir.resolve("warmup-bot.yml");
    Files.writeString(
        settings,
        "packs: ../config/challenges\n"
            + "store:\n  sqliteFile: " + dir.resolve("x.db") + "\n"
            + "leaderboard:\n  weekZone: Mars/Olympus\n"
            + "slack:\n  mode: carrier-pigeon\n"
            + "colour: blue\n");

    int exit = run("play", "--config", settings.toString());

    assertThat(exit).isNotZero();
    assertThat(err.toString())
        .contains("3 problems in the settings")
        .contains("leaderboard.weekZone: 'Mars/Olympus' is not a time zone")
        .contains("slack.mode: 'carrier-pigeon' is not a mode; use socket or http")
        .contains("colour: unknown key; known keys here: packs, store")
        .doesNotContain("Exception");
  }

  @Test
  void unreachableStore_isNamedWithItsPasswordMasked_andExitsNonZero() {
    int exit = run("leaderboard", "--packs", "../config/challenges", "--store", "jdbc:postgresql://127.0.0.1:1/warmup?password=hunter2");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("127.0.0.1:1/warmup").doesNotContain("hunter2").doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"play", "validate", "leaderboard", "profile", "run", "reload"})
  void helpOfEverySubcommand_showsItsUsageAndExitsZero(String command) {
    assertThat(run(command, "--help")).isZero();
    assertThat(out.toString()).contains("Usage: warmup-bot " + command).contains("--help");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void leaderboardOfAnUnknownPack_failsNamingTheKnownPacks() {
    int exit = run("leaderboard", "--packs", "../config/challenges", "--store", "jdbc:sqlite:" + dir.resolve("x.db"), "--pack", "nope");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("there is no pack 'nope'; the packs are: warmup-mastery");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void validateWithoutAPath_checksThePacksFolderOfTheSettings() throws Exception {
    Path packs = Files.createDirectory(dir.resolve("my-packs"));
    String shipped = Files.readString(Path.of("../config/challenges/warmup-mastery.yml"));
    Files.writeString(packs.resolve("broken.yml"), shipped.replace("attempts: 2", "attempts: 9"));
    Path settings = dir.resolve("warmup-bot.yml");
    Files.writeString(settings, "packs: " + packs + "\n");

    int exit = run("validate", "--config", settings.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains(packs.resolve("broken.yml") + ":").contains("defaults.attempts");
  }

  @Test
  void validateWithoutAPath_checksTheFolderDespiteUnrelatedSettingsMistakes_andAMissingFileIsExitTwo()
      throws Exception {
    Path settings = dir.resolve("warmup-bot.yml");
    Files.writeString(settings, "packs: ../config/challenges\nleaderboard:\n  weekzone: UTC\n"); // a typo elsewhere

    assertThat(run("validate", "--config", settings.toString())).as("the packs are fine").isZero();
    assertThat(out.toString()).contains("warmup-mastery");

    assertThat(run("validate", "--config", dir.resolve("missing.yml").toString()))
        .as("no pack was checked: not the exit code of an invalid pack").isEqualTo(2);
    assertThat(err.toString()).contains("missing.yml: no such settings file");
  }

  @Test
  void failureWithOthersBesideIt_printsALinePerFailure() {
    @CommandLine.Command(name = "start")
    final class Start implements Callable<Integer> {
      @Override
      public Integer call() {
        IllegalStateException slack = new IllegalStateException("Slack refused the token");
        slack.addSuppressed(new IllegalStateException("Discord refused the token"));
        throw slack;
      }
    }
    int exit =
        new CommandLine(new Start()).setErr(new PrintWriter(err, true)).setExecutionExceptionHandler(Main::failed).execute();

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(String.format("error: Slack refused the token%nerror: Discord refused the token%n"));
  }

  @Test
  void validate_refusesTwoChoicesWithTheSameLabel() throws Exception {
    Path pack = dir.resolve("dup-label.yml");
    String shipped = Files.readString(Path.of("../config/challenges/warmup-mastery.yml"));
    Files.writeString(pack, shipped.replace("label: \"0.08\"", "label: \"0.1\""));

    assertThat(run("validate", pack.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(".label: same text as choices[").contains("make every label different");
  }

  @Test
  void help_listsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("play", "validate");
  }
}
