package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SettingsLoaderTest {
  @TempDir Path dir;

  private Settings load(Map<String, String> environment, String yaml) throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\n" + yaml);
    return new SettingsLoader(environment::get).load(file, true);
  }

  @Test
  void yamlBooleanWordsAndNumberSpellings_areReadAsYamlReadsThem() throws Exception {
    assertThat(load(Map.of(), "admin:\n  chatReload: True\n").chatReload()).isTrue();
    assertThat(load(Map.of(), "admin:\n  chatReload: off\n").chatReload()).isFalse();
    assertThat(load(Map.of(), "health:\n  port: 8_081\n").healthPort()).isEqualTo(8081);
  }

  @Test
  void shardCountThatIsNotANumber_isTheOnlyProblem_notAlsoTheShardIds() {
    assertThatThrownBy(() -> load(Map.of(), "discord:\n  shards: four\n  shardIds: 0-1\n"))
        .isInstanceOfSatisfying(SettingsLoader.InvalidSettingsException.class, e ->
            assertThat(e.problems()).singleElement().asString().contains("'four' is not a whole number"));
  }

  @Test
  void defaults_needNoTokensAndUseTheEmbeddedStore() throws Exception {
    Settings settings = load(Map.of(), "");

    assertThat(settings.store().url()).isNull();
    assertThat(settings.discord().enabled()).isFalse();
    assertThat(settings.slack().enabled()).isFalse();
    assertThat(settings.weekZone()).isEqualTo(ZoneId.of("UTC"));
  }

  /** README: "`discord.shards` (0 = as Discord recommends)"; the loader used to refuse 0 (range 1 to 1024). */
  @Test
  void discordShardsZero_asTheReadmeDocuments_isAccepted() throws Exception {
    Settings settings = load(Map.of(), "discord:\n  shards: 0\n");

    assertThat(settings.discord().shards()).isZero();
    assertThat(settings.discord().shardIds()).isEmpty();
  }

  @Test
  void discordShardIds_takeIdsAndRangesBelowTheShardCount() throws Exception {
    assertThat(load(Map.of(), "discord:\n  shards: 8\n  shardIds: 0-2, 5\n").discord().shardIds())
        .containsExactlyInAnyOrder(0, 1, 2, 5);
    assertThat(load(Map.of("WARMUP_DISCORD_SHARD_IDS", "3"), "discord:\n  shards: 4\n").discord().shardIds())
        .containsExactly(3);
    assertThat(load(Map.of(), "discord:\n  shards: 4\n").discord().shardIds()).isEmpty();
  }

  @Test
  void discordShardIds_outOfRangeMalformedOrWithAutomaticShards_areRefusedSayingWhatToWrite() {
    assertThatThrownBy(() -> load(Map.of(), "discord:\n  shards: 4\n  shardIds: 2-4\n"))
        .hasMessageContaining("discord.shardIds: '2-4' is not within 0 to 3 (discord.shards is 4)");
    assertThatThrownBy(() -> load(Map.of(), "discord:\n  shards: 4\n  shardIds: 3-1\n"))
        .hasMessageContaining("'3-1' is not within 0 to 3", "from low to high");
    assertThatThrownBy(() -> load(Map.of(), "discord:\n  shards: 4\n  shardIds: first\n"))
        .hasMessageContaining("'first' is not a list of shard ids; write ids and ranges like 0-3 or 0,1");
    assertThatThrownBy(() -> load(Map.of(), "discord:\n  shards: 0\n  shardIds: 0-1\n"))
        .hasMessageContaining("shard ids need a fixed discord.shards");
  }

  @Test
  void environment_overridesTheFile() throws Exception {
    Settings settings = load(Map.of("WARMUP_STORE_URL", "jdbc:postgresql://db/warmup", "WARMUP_DISCORD_SHARDS", "4"), "discord:\n  shards: 2\n");

    assertThat(settings.store().url()).isEqualTo("jdbc:postgresql://db/warmup");
    assertThat(settings.discord().shards()).isEqualTo(4);
  }

  @Test
  void secret_comesFromAFileNamedByTheEnvironment_andIsNeverPrinted() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "super-secret-token\n");

    Settings settings = load(Map.of("DISCORD_TOKEN_FILE", token.toString()), "");

    assertThat(settings.discord().token()).isEqualTo("super-secret-token");
    assertThat(settings.toString()).doesNotContain("super-secret-token");
  }

  @Test
  void halfConfiguredSlack_isReportedWithTheFix() {
    assertThatThrownBy(() -> load(Map.of("SLACK_BOT_TOKEN", "xoxb-1"), ""))
        .hasMessageContaining("Socket Mode also needs SLACK_APP_TOKEN");
  }

  @Test
  void unknownKey_isNamedWithItsLineAndColumn_andTheKeyItLikelyMeant() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\nleaderboard:\n  weekzone: UTC\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .hasMessageContaining(file + ":3:3: leaderboard.weekzone: unknown key; did you mean 'weekZone'? known keys here: weekZone");
  }

  /** Review 9: a section left with every key commented out read as an unknown key that "meant" itself. */
  @Test
  void sectionWithEveryKeyCommentedOut_keepsItsDefaults() throws Exception {
    Settings settings = load(Map.of(), "slack:\n  # mode: http\n  # httpPort: 3000\ndiscord:\n  # shards: 2\n");

    assertThat(settings.slack().mode()).isEqualTo("socket");
  }

  @Test
  void sectionGivenAValue_saysToIndentItsKeysUnderIt() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\nleaderboard: UTC\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .hasMessageContaining(file + ":2:1: leaderboard: is a section; write its keys indented under it;"
            + " known keys here: weekZone");
  }

  /** Review 9: a token written into the file was an unknown key, with no word of where secrets go. */
  @Test
  void secretWrittenInTheFile_saysWhichEnvironmentVariableHoldsIt() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\ndiscord:\n  token: abc.def.ghi\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .hasMessageContaining(file + ":3:3: discord.token: unknown key; secrets are not read from this file"
            + " (settings files get shared and committed); set DISCORD_TOKEN in the environment, or"
            + " DISCORD_TOKEN_FILE to a file that holds it")
        .hasMessageNotContaining("abc.def.ghi");
  }

  @Test
  void badValue_isNamedAtItsLineInTheFile() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\nslack:\n  mode: carrier-pigeon\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .hasMessageContaining(file + ":3:3: slack.mode: 'carrier-pigeon' is not a mode; use socket or http");
  }

  @Test
  void yamlSyntaxError_isOneLineWithItsPositionAndWhatToDo() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\nslack:\n  mode: socket\n   httpPort: 3000\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .isInstanceOfSatisfying(SettingsLoader.InvalidSettingsException.class, e -> {
          assertThat(e.problems()).singleElement().asString()
              .startsWith(file + ":4:")
              .contains("YAML syntax error")
              .endsWith("fix the indentation or syntax there")
              .doesNotContain("\n");
        });
  }

  /** From review 9: YAML reads a quote left open on to the next quote and reports that line, not the one to fix. */
  @Test
  void quoteLeftOpen_namesTheLineThatOpensIt() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: " + dir + "\nstore:\n  url: \"jdbc:sqlite:data/warmup.db\n  user: bot\n"
        + "discord:\n  guild: \"123\"\n");

    assertThatThrownBy(() -> new SettingsLoader(Map.<String, String>of()::get).load(file, true))
        .isInstanceOfSatisfying(SettingsLoader.InvalidSettingsException.class, e ->
            assertThat(e.problems()).singleElement().asString()
                .startsWith(file + ":6:")
                .endsWith("; line 3 opens a quoted value that only closes here: add its closing quote on line 3"));
  }

  @Test
  void packsFolder_isTheEnvironmentsThenTheFilesThenTheDefault() throws Exception {
    Path file = dir.resolve("warmup-bot.yml");
    Files.writeString(file, "packs: from-file\n");

    assertThat(new SettingsLoader(Map.of("WARMUP_PACKS", "from-env")::get).packsFolder(file, true)).isEqualTo(Path.of("from-env"));
    assertThat(new SettingsLoader(Map.<String, String>of()::get).packsFolder(file, true)).isEqualTo(Path.of("from-file"));
    assertThat(new SettingsLoader(Map.<String, String>of()::get).packsFolder(dir.resolve("absent.yml"), false))
        .isEqualTo(Path.of("config", "challenges"));
  }

  @Test
  void envNames_followTheKeyPath() {
    assertThat(SettingsLoader.envName("store.sqliteFile")).isEqualTo("WARMUP_STORE_SQLITE_FILE");
    assertThat(SettingsLoader.envName("health.port")).isEqualTo("WARMUP_HEALTH_PORT");
  }

  @Test
  void chatReload_onByDefault_offFromFileOrEnvironment_andAnythingElseIsNamed() throws Exception {
    assertThat(load(Map.of(), "").chatReload()).isTrue();
    assertThat(load(Map.of(), "admin:\n  chatReload: false\n").chatReload()).isFalse();
    assertThat(load(Map.of("WARMUP_ADMIN_CHAT_RELOAD", "false"), "").chatReload()).isFalse();

    assertThatThrownBy(() -> load(Map.of(), "admin:\n  chatReload: nope\n"))
        .hasMessageContaining("admin.chatReload")
        .hasMessageContaining("'nope' is not true or false");
  }

  @Test
  void slackWebApiCalls_defaultSixteen_fromFileOrEnvironment_outOfRangeNamedWithItsBounds() throws Exception {
    assertThat(load(Map.of(), "").slack().webApiCalls()).isEqualTo(16);
    assertThat(load(Map.of(), "slack:\n  webApiCalls: 48\n").slack().webApiCalls()).isEqualTo(48);
    assertThat(load(Map.of("WARMUP_SLACK_WEB_API_CALLS", "64"), "").slack().webApiCalls()).isEqualTo(64);

    assertThatThrownBy(() -> load(Map.of(), "slack:\n  webApiCalls: 0\n"))
        .hasMessageContaining("slack.webApiCalls")
        .hasMessageContaining("0 is out of range; use 1 to 256");
  }
}
