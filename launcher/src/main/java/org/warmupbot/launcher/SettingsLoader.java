package org.warmupbot.launcher;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ClosestKey;
import org.warmupbot.core.pack.UnclosedQuotes;
import org.warmupbot.slack.SlackSettings;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@link Settings} from a YAML file, then environment overrides ({@code WARMUP_STORE_URL} for {@code
 * store.url}), then secrets from the environment or from files ({@code DISCORD_TOKEN} or {@code
 * DISCORD_TOKEN_FILE}). Every problem is collected and reported at once, each with what to do.
 */
final class SettingsLoader {
  /** Every key the file may hold, with its default. */
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("packs", "config/challenges");
    DEFAULTS.put("store.url", "");
    DEFAULTS.put("store.user", "");
    DEFAULTS.put("store.sqliteFile", "data/warmup-bot.db");
    DEFAULTS.put("leaderboard.weekZone", "UTC");
    DEFAULTS.put("sessions.idleTimeout", "15m");
    DEFAULTS.put("discord.shards", "1");
    DEFAULTS.put("discord.shardIds", "");
    DEFAULTS.put("discord.devGuild", "");
    DEFAULTS.put("discord.apiUrl", "");
    DEFAULTS.put("discord.gatewayUrl", "");
    DEFAULTS.put("slack.mode", "socket");
    DEFAULTS.put("slack.apiUrl", "https://slack.com/api/");
    DEFAULTS.put("slack.httpPort", "3000");
    DEFAULTS.put("slack.httpPath", "/slack/events");
    DEFAULTS.put("slack.webApiCalls", String.valueOf(SlackSettings.DEFAULT_WEB_API_CALLS));
    DEFAULTS.put("health.port", "8080");
    DEFAULTS.put("logging.format", "text");
    DEFAULTS.put("admin.chatReload", "true");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private final Function<String, @Nullable String> environment;

  SettingsLoader(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  static SettingsLoader fromSystemEnvironment() {
    return new SettingsLoader(System::getenv);
  }

  /**
   * Loads and checks the settings. A missing file is fine when it is the default one (the defaults apply).
   *
   * @throws InvalidSettingsException listing every problem
   */
  Settings load(Path file, boolean fileRequired) throws InvalidSettingsException {
    return load(file, fileRequired, Map.of());
  }

  /**
   * As {@link #load(Path, boolean)}, with command-line options that win over the file and the environment.
   *
   * @param options values by key path (e.g. {@code store.url}) and the option that gave them
   */
  Settings load(Path file, boolean fileRequired, Map<String, Map.Entry<String, String>> options)
      throws InvalidSettingsException {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> origins = new LinkedHashMap<>();
    if (!gather(file, fileRequired, options, values, origins, problems)) {
      throw new InvalidSettingsException(problems); // checking half a file would only add noise
    }
    Settings settings = check(origins, values, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return settings;
  }

  /**
   * The packs folder the bot would serve ({@code WARMUP_PACKS}, else the file's {@code packs:}, else the default),
   * for commands that need nothing else: other settings, such as platform tokens, are not checked.
   *
   * @throws InvalidSettingsException when the settings file cannot be read (missing when required, not YAML)
   */
  Path packsFolder(Path file, boolean fileRequired) throws InvalidSettingsException {
    return Path.of(alone(file, fileRequired, "packs").value());
  }

  /**
   * The health port of the running bot ({@code WARMUP_HEALTH_PORT}, else the file's, else 8080), for {@code
   * reload}, which needs nothing else: it works from any folder, whatever the packs folder or tokens.
   *
   * @throws InvalidSettingsException when the settings file cannot be read, or the port is not one
   */
  int healthPort(Path file, boolean fileRequired) throws InvalidSettingsException {
    Found port = alone(file, fileRequired, "health.port");
    List<String> problems = new ArrayList<>();
    int value = integer(Map.of("health.port", port.origin()), Map.of("health.port", port.value()), "health.port",
        0, 65535, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return value;
  }

  /** A setting's value and where it came from (file and key, or environment variable). */
  private record Found(String value, String origin) {}

  /** One setting, for commands that need nothing else. */
  private Found alone(Path file, boolean fileRequired, String key)
      throws InvalidSettingsException {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> origins = new LinkedHashMap<>();
    boolean readable = gather(file, fileRequired, Map.of(), values, origins, problems);
    // Only what stops finding this one counts here; the file's other problems are the bot's to report.
    if (!readable || (fileRequired && !Files.exists(file))) {
      throw new InvalidSettingsException(problems);
    }
    return new Found(values.get(key), origins.getOrDefault(key, key));
  }

  /**
   * The file's values, then the environment's, then the options', each noting its origin for messages.
   *
   * @return false when the file could not be read as YAML (the problem is in {@code problems})
   */
  private boolean gather(
      Path file,
      boolean fileRequired,
      Map<String, Map.Entry<String, String>> options,
      Map<String, String> values,
      Map<String, String> origins,
      List<String> problems) {
    if (Files.exists(file) && !readFile(file, values, origins, problems)) {
      return false;
    } else if (!Files.exists(file) && fileRequired) {
      problems.add(file + ": no such settings file; create it (config/warmup-bot.yml is an example) or drop --config");
    }
    for (String key : DEFAULTS.keySet()) {
      origins.putIfAbsent(key, file + ": " + key);
      String override = environment.apply(envName(key));
      if (override != null) {
        values.put(key, override);
        origins.put(key, envName(key) + " (overriding " + key + ")");
      }
      Map.Entry<String, String> option = options.get(key);
      if (option != null) {
        values.put(key, option.getValue());
        origins.put(key, option.getKey());
      }
    }
    return true;
  }

  static String envName(String key) {
    return "WARMUP_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Reads the file's values, noting where each stands ({@code file:line:column: key}) in {@code origins} so
   * every later problem points at its line, as the pack validator does.
   *
   * @return false when the file is not valid YAML or cannot be read
   */
  private static boolean readFile(Path file, Map<String, String> values, Map<String, String> origins, List<String> problems) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      return false;
    }
    try (JsonParser parser = YAML.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return true; // an empty file: the defaults apply
      }
      if (first != JsonToken.START_OBJECT) {
        problems.add(position(file, parser.currentTokenLocation())
            + ": the settings must be 'key: value' lines, like 'packs: config/challenges'; see config/warmup-bot.yml");
        return true;
      }
      section(file, parser, "", values, origins, new HashMap<>(), problems);
      return true;
    } catch (JsonProcessingException e) {
      problems.add(syntaxError(file, new String(bytes, StandardCharsets.UTF_8), e));
      return false;
    } catch (IOException e) {
      problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      return false;
    }
  }

  /** Reads one mapping's entries; {@code prefix} is the section's key path with a trailing dot, or empty. */
  private static void section(
      Path file,
      JsonParser parser,
      String prefix,
      Map<String, String> values,
      Map<String, String> origins,
      Map<String, Integer> lines,
      List<String> problems)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String key = prefix + name;
      JsonLocation at = parser.currentTokenLocation();
      String where = position(file, at) + ": " + key;
      JsonToken token = parser.nextToken();
      Integer earlier = lines.putIfAbsent(key, at.getLineNr());
      if (earlier != null) {
        problems.add(where + ": appears twice (first on line " + earlier + "); keep only one");
        parser.skipChildren();
      } else if (token == JsonToken.START_OBJECT) {
        if (!isSection(key)) {
          problems.add(where + ": unknown section; " + suggestion(prefix, name) + known(prefix));
          parser.skipChildren();
        } else {
          section(file, parser, key + ".", values, origins, lines, problems);
        }
      } else if (!DEFAULTS.containsKey(key) && isSection(key)) {
        // A section with every key commented out reads as empty: its defaults stand.
        if (!scalar(parser, token).isEmpty()) {
          problems.add(where + ": is a section; write its keys indented under it; " + known(key + "."));
          parser.skipChildren();
        }
      } else if (!DEFAULTS.containsKey(key)) {
        problems.add(where + ": unknown key; " + (SECRETS.containsKey(key) ? secretHint(key)
            : suggestion(prefix, name) + known(prefix)));
        parser.skipChildren();
      } else if (token == JsonToken.START_ARRAY) {
        problems.add(where + ": must be a single value, not a list");
        parser.skipChildren();
      } else {
        values.put(key, scalar(parser, token));
        origins.put(key, where);
      }
    }
  }

  /** Keys an operator may try for a secret, and the environment variable that holds it instead. */
  private static final Map<String, String> SECRETS = Map.of(
      "discord.token", "DISCORD_TOKEN",
      "slack.token", "SLACK_BOT_TOKEN",
      "slack.botToken", "SLACK_BOT_TOKEN",
      "slack.appToken", "SLACK_APP_TOKEN",
      "slack.signingSecret", "SLACK_SIGNING_SECRET",
      "store.password", "WARMUP_STORE_PASSWORD");

  private static String secretHint(String key) {
    String variable = SECRETS.get(key);
    return "secrets are not read from this file (settings files get shared and committed); set " + variable
        + " in the environment, or " + variable + "_FILE to a file that holds it";
  }

  private static boolean isSection(String key) {
    return DEFAULTS.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
  }

  /**
   * A value as text, read as YAML reads it: {@code True}, {@code yes} or {@code off} are booleans ("true",
   * "false"), {@code 8_080} is the number 8080, a null is empty.
   */
  private static String scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NULL:
        return "";
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getNumberValue().toString();
      default:
        return parser.getText();
    }
  }

  /**
   * One line for a YAML syntax error: where SnakeYAML stopped, what it found, and what to do; for a quote left open,
   * the line that opened it (SnakeYAML stops at the next quote, often lines later).
   */
  private static String syntaxError(Path file, String text, JsonProcessingException e) {
    String problem = e.getOriginalMessage();
    JsonLocation location = e.getLocation();
    String where = location == null ? file.toString() : position(file, location);
    int opened = 0;
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException cause = (MarkedYAMLException) e.getCause();
      problem = cause.getProblem();
      Mark mark = cause.getProblemMark();
      if (mark != null) {
        where = file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
        opened = UnclosedQuotes.openingLine(text, mark.getLine() + 1);
      }
    }
    String firstLine = problem == null ? "not valid YAML" : problem.strip().split("\\R", 2)[0];
    return where + ": YAML syntax error (" + firstLine + "); " + (opened > 0
        ? "line " + opened + " opens a quoted value that only closes here: add its closing quote on line " + opened
        : "fix the indentation or syntax there");
  }

  private static String position(Path file, JsonLocation location) {
    return file + ":" + location.getLineNr() + ":" + Math.max(location.getColumnNr(), 1);
  }

  /** "did you mean 'weekZone'? " when a known key here is close to {@code typed}, else nothing. */
  private static String suggestion(String prefix, String typed) {
    return ClosestKey.to(typed, knownNames(prefix)).map(known -> "did you mean '" + known + "'? ").orElse("");
  }

  private static List<String> knownNames(String prefix) {
    return DEFAULTS.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length()).split("\\.")[0])
        .distinct()
        .toList();
  }

  private static String known(String prefix) {
    return "known keys here: " + String.join(", ", knownNames(prefix));
  }

  /** Checks every value; {@code origins} names where each came from (file and key, or environment variable). */
  private Settings check(Map<String, String> origins, Map<String, String> values, List<String> problems) {
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = ZoneId.of(values.get("leaderboard.weekZone"));
    } catch (DateTimeException e) {
      problems.add(origins.get("leaderboard.weekZone") + ": '" + values.get("leaderboard.weekZone") + "' is not a time zone; use an id like UTC or Europe/Berlin");
    }
    Duration idle = Duration.ofMinutes(15);
    Matcher duration = DURATION.matcher(values.get("sessions.idleTimeout"));
    if (duration.matches()) {
      long amount = Long.parseLong(duration.group(1));
      idle = switch (duration.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
      if (idle.compareTo(Duration.ofMinutes(1)) < 0 || idle.compareTo(Duration.ofHours(24)) > 0) {
        problems.add(origins.get("sessions.idleTimeout") + ": must lie between 1m and 24h");
      }
    } else {
      problems.add(origins.get("sessions.idleTimeout") + ": '" + values.get("sessions.idleTimeout") + "' is not a duration; write a number and s, m or h, like 15m");
    }
    int problemsBefore = problems.size();
    int shards = integer(origins, values, "discord.shards", 0, 1024, problems);
    // Shard ids are checked against the count only once the count itself is right: no second problem about it.
    Set<Integer> shardIds = problems.size() > problemsBefore ? Set.of()
        : shardIds(origins.get("discord.shardIds"), values.get("discord.shardIds"), shards, problems);
    int slackPort = integer(origins, values, "slack.httpPort", 1, 65535, problems);
    int slackCalls = integer(origins, values, "slack.webApiCalls", 1, SlackSettings.MAX_WEB_API_CALLS, problems);
    int healthPort = integer(origins, values, "health.port", 0, 65535, problems);
    String mode = values.get("slack.mode");
    if (!mode.equals("socket") && !mode.equals("http")) {
      problems.add(origins.get("slack.mode") + ": '" + mode + "' is not a mode; use socket or http");
    }
    String logFormat = values.get("logging.format");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      problems.add(origins.get("logging.format") + ": '" + logFormat + "' is not a format; use text or json");
    }
    String chatReload = values.get("admin.chatReload").strip();
    if (!chatReload.equals("true") && !chatReload.equals("false")) {
      problems.add(origins.get("admin.chatReload") + ": '" + chatReload + "' is not true or false");
    }
    String apiUrl = values.get("slack.apiUrl");
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      problems.add(origins.get("slack.apiUrl") + ": '" + apiUrl + "' is not an http(s) URL; the default is https://slack.com/api/");
    } else if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
    String httpPath = values.get("slack.httpPath");
    if (!httpPath.startsWith("/")) {
      problems.add(origins.get("slack.httpPath") + ": must start with /, like /slack/events");
    }
    String storeUrl = blankToNull(values.get("store.url"));
    if (storeUrl != null && !storeUrl.startsWith("jdbc:sqlite:") && !storeUrl.startsWith("jdbc:postgresql:")) {
      problems.add(origins.get("store.url") + ": must start with jdbc:postgresql: or jdbc:sqlite:, or be empty for the embedded store");
    }
    Path packs = Path.of(values.get("packs"));
    if (!Files.exists(packs)) {
      problems.add(origins.get("packs") + ": the folder " + packs + " does not exist; point it at your challenge packs (run from the project folder for config/challenges)");
    }
    String devGuild = blankToNull(values.get("discord.devGuild"));
    if (devGuild != null && !devGuild.matches("\\d{5,20}")) {
      problems.add(origins.get("discord.devGuild") + ": '" + devGuild + "' is not a guild id; copy it from Discord (Developer Mode, right-click the server, Copy Server ID)");
    }

    Settings.Discord discord =
        new Settings.Discord(
            secret("DISCORD_TOKEN", problems),
            shards,
            devGuild,
            blankToNull(values.get("discord.apiUrl")),
            blankToNull(values.get("discord.gatewayUrl")),
            shardIds);
    Settings.Slack slack =
        new Settings.Slack(
            secret("SLACK_BOT_TOKEN", problems),
            secret("SLACK_APP_TOKEN", problems),
            secret("SLACK_SIGNING_SECRET", problems),
            mode,
            apiUrl,
            slackPort,
            httpPath,
            slackCalls);
    if (slack.enabled() && slack.socketMode() && slack.appToken() == null) {
      problems.add("SLACK_BOT_TOKEN is set but Socket Mode also needs SLACK_APP_TOKEN (an app-level token, xapp-..., with connections:write); or set WARMUP_SLACK_MODE=http with SLACK_SIGNING_SECRET");
    }
    if (slack.enabled() && !slack.socketMode() && slack.signingSecret() == null) {
      problems.add("SLACK_BOT_TOKEN is set but HTTP mode also needs SLACK_SIGNING_SECRET (Basic Information → Signing Secret)");
    }
    if (!slack.enabled() && (slack.appToken() != null || slack.signingSecret() != null)) {
      problems.add("Slack is half configured: SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN (xoxb-...) is not");
    }
    Settings.Store store =
        new Settings.Store(
            storeUrl, blankToNull(values.get("store.user")), secret("WARMUP_STORE_PASSWORD", problems), Path.of(values.get("store.sqliteFile")));
    return new Settings(packs, store, zone, idle, discord, slack, healthPort, logFormat, chatReload.equals("true"));
  }

  private static int integer(
      Map<String, String> origins, Map<String, String> values, String key, int min, int max, List<String> problems) {
    String text = values.get(key);
    try {
      int value = Integer.parseInt(text.strip());
      if (value < min || value > max) {
        problems.add(origins.get(key) + ": " + value + " is out of range; use " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(origins.get(key) + ": '" + text + "' is not a whole number; use " + min + " to " + max);
      return min;
    }
  }

  private static final Pattern SHARD_IDS = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

  /**
   * The shards this process connects, from a list of ids and ranges ({@code 0-3}, {@code 0,1}, {@code 0-1,4});
   * blank: every shard. Each must lie below {@code shards}, which must then be fixed (not 0): every process
   * splitting one bot must count the same shards.
   */
  private static Set<Integer> shardIds(String origin, String text, int shards, List<String> problems) {
    String ids = text.replace(" ", "");
    if (ids.isEmpty()) {
      return Set.of();
    }
    if (!SHARD_IDS.matcher(ids).matches()) {
      problems.add(origin + ": '" + text + "' is not a list of shard ids; write ids and ranges like 0-3 or 0,1");
      return Set.of();
    }
    if (shards == 0) {
      problems.add(origin + ": shard ids need a fixed discord.shards (the same in every process), not 0 (as Discord"
          + " recommends); set discord.shards to the total, e.g. 4");
      return Set.of();
    }
    Set<Integer> chosen = new TreeSet<>();
    for (String part : ids.split(",")) {
      String[] range = part.split("-");
      int from = Integer.parseInt(range[0]);
      int to = Integer.parseInt(range[range.length - 1]);
      if (from > to || to >= shards) {
        problems.add(origin + ": '" + part + "' is not within 0 to " + (shards - 1) + " (discord.shards is " + shards
            + "); a range goes from low to high");
        continue;
      }
      for (int id = from; id <= to; id++) {
        chosen.add(id);
      }
    }
    return chosen;
  }

  /** A secret from NAME, or from the file named by NAME_FILE (Docker and systemd credentials). */
  private @Nullable String secret(String name, List<String> problems) {
    String direct = blankToNull(environment.apply(name));
    String fileName = blankToNull(environment.apply(name + "_FILE"));
    if (direct != null && fileName != null) {
      problems.add(name + " and " + name + "_FILE are both set; keep one");
      return direct;
    }
    if (fileName != null) {
      try {
        return blankToNull(Files.readString(Path.of(fileName), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        problems.add(name + "_FILE names " + fileName + ", which cannot be read; fix the path or its permissions");
      }
    }
    return direct;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The settings have problems; the message lists them all, one per line. */
  static final class InvalidSettingsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
      super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the settings:\n  " + String.join("\n  ", problems));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }
}
