package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void help_listsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("play", "validate");
  }
}
