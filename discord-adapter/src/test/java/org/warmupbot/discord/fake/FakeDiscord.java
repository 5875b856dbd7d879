package org.warmupbot.discord.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * A Discord on loopback for the real JDA client: REST ({@link #restBaseUrl()}) and a gateway that {@code GET
 * gateway/bot} points at. Tests add guilds, then act as members ({@link #slash}, {@link #press}, {@link
 * #submitModal}) and read what members would see ({@link #message}, {@link #requests}).
 *
 * <p>Like Discord it refuses: payloads over the limits (400, code 50035), a first interaction response after 3
 * seconds (404, 10062), a second initial response (400, 40060), a webhook call on a token older than 15 minutes
 * (401, 50027). Its clock is the system's plus an offset that {@link #advance} moves, so token expiry is
 * tested without waiting. Role grants can be made to fail as Discord would. Thread-safe. For load runs, {@link
 * #streamRequests} and {@link #forgetAnswered} (between phases) keep what it holds from growing without bound.
 */
public final class FakeDiscord implements AutoCloseable {
  public static final long APPLICATION_ID = 1_100_000_000_000_000_001L;
  public static final long BOT_ID = APPLICATION_ID;
  static final long DISCORD_EPOCH = 1420070400000L;

  private final HttpServer http;
  private final Gateway gateway;
  private final int shards;
  private final AtomicLong clockOffsetMillis = new AtomicLong();
  private final AtomicLong nextInteractionAgeMillis = new AtomicLong();
  private final AtomicLong nextIdAgeMillis = new AtomicLong();
  private final AtomicLong ids = new AtomicLong(1);
  private final Map<Long, FakeGuild> guilds = new ConcurrentHashMap<>();
  /** Guilds in an outage when a shard connects: GUILD_DELETE (unavailable) after READY, not GUILD_CREATE. */
  final Set<Long> outageAtConnect = ConcurrentHashMap.newKeySet();
  private final Map<Long, StoredMessage> messages = new ConcurrentHashMap<>();
  private final Map<String, Interaction> interactionsByToken = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile Consumer<Recorded> recorder = requests::add;
  private volatile boolean tokenRefused;
  private final Map<String, DataArray> commands = new ConcurrentHashMap<>();
  /** Interactions with ids up to this one were dropped by {@link #forgetAnswered}; none before the first call. */
  private final AtomicLong forgottenThroughId = new AtomicLong(Long.MIN_VALUE);

  /**
   * One request as received, with the answer given. {@code body} is the JSON payload, or null; {@code
   * receivedNanos} is {@link System#nanoTime} when the fake began to handle it.
   */
  public record Recorded(String method, String path, @Nullable DataObject body, @Nullable DataArray bodyArray,
      int status, String answer, long receivedNanos) {
    /** The body as JSON text, for assertions that search it. */
    public String bodyText() {
      return body != null ? body.toString() : bodyArray != null ? bodyArray.toString() : "";
    }
  }

  private FakeDiscord(int shards) throws IOException {
    this.shards = shards;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/v10/", this::handle);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "fake-discord-rest");
      thread.setDaemon(true);
      return thread;
    }));
    gateway = new Gateway(this);
  }

  /** Starts a fake that tells clients to use {@code shards} shards. */
  public static FakeDiscord start(int shards) {
    try {
      FakeDiscord fake = new FakeDiscord(shards);
      fake.http.start();
      fake.gateway.startAndWait();
      return fake;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("fake Discord did not start", e);
    }
  }

  public String restBaseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
  }

  public String gatewayUrl() {
    return "ws://127.0.0.1:" + gateway.getPort();
  }

  public int shardCount() {
    return shards;
  }

  // ---------------------------------------------------------------- clock and ids

  /** The fake's now: system time plus what {@link #advance} added. */
  public Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis() + clockOffsetMillis.get());
  }

  /** From now on every REST call is refused 401 Unauthorized, as Discord answers a wrong or reset bot token. */
  public void refuseToken() {
    tokenRefused = true;
  }

  /** Moves the fake's clock on (token expiry, the 3-second rule) without touching the system clock. */
  public void advance(Duration duration) {
    clockOffsetMillis.addAndGet(duration.toMillis());
  }

  /**
   * Makes the next interaction look {@code age} old when the bot receives it (as if the gateway or the bot were
   * slow), so the 3-second rule can be tested deterministically.
   */
  public void ageNextInteraction(Duration age) {
    nextInteractionAgeMillis.set(age.toMillis());
  }

  /**
   * Gives the next interaction an id from {@code age} ago while Discord still takes its response: JDA reads a
   * hook's 15-minute expiry from the id alone, so this yields a hook JDA holds expired, without waiting.
   */
  public void ageNextInteractionId(Duration age) {
    nextIdAgeMillis.set(age.toMillis());
  }

  /** A fresh snowflake of the current real time (JDA reads a hook's age from its interaction's id). */
  public long snowflake() {
    return snowflake(0);
  }

  private long snowflake(long ageMillis) {
    return ((System.currentTimeMillis() - ageMillis - DISCORD_EPOCH) << 22) | (ids.incrementAndGet() & 0x3FFFFF);
  }

  // ---------------------------------------------------------------- guilds

  /** Adds a guild with one text channel and a bot role holding {@code botPermissions}; call before JDA starts. */
  public FakeGuild addGuild(long guildId, long botPermissions) {
    FakeGuild guild = new FakeGuild(this, guildId, snowflake(), snowflake(), botPermissions);
    guilds.put(guildId, guild);
    return guild;
  }

  public FakeGuild guild(long guildId) {
    FakeGuild guild = guilds.get(guildId);
    if (guild == null) {
      throw new IllegalArgumentException("no guild " + guildId);
    }
    return guild;
  }

  List<FakeGuild> guildsOfShard(int shard, int total) {
    return guilds.values().stream().filter(g -> (g.id >> 22) % total == shard).toList();
  }

  /** The guild is in an outage when its shard connects (Discord then sends GUILD_DELETE unavailable). */
  public void inOutageAtConnect(long guildId) {
    outageAtConnect.add(guildId);
  }

  /** Discord's outage of one guild: GUILD_DELETE with {@code unavailable: true} on its shard. */
  public void guildUnavailable(long guildId) {
    dispatch(guildId, "GUILD_DELETE", DataObject.empty().put("id", Long.toString(guildId)).put("unavailable", true));
  }

  /** The guild back after an outage: its GUILD_CREATE again, as Discord sends it. */
  public void guildAvailableAgain(long guildId) {
    dispatch(guildId, "GUILD_CREATE", guild(guildId).createJson());
  }

  /** Which shard carries a guild's events, as Discord computes it. */
  public int shardOf(long guildId) {
    return (int) ((guildId >> 22) % shards);
  }

  /** The ids of the shards whose gateway session is READY, lowest first. */
  public Set<Integer> connectedShardIds() {
    return gateway.readyShardIds();
  }

  void dispatch(long guildId, String type, DataObject data) {
    dispatch(guildId, type, data.toString());
  }

  private void dispatch(long guildId, String type, String dataJson) {
    gateway.dispatch(shardOf(guildId), type, dataJson);
  }

  // ---------------------------------------------------------------- members acting

  /** A member runs a slash command; options and resolved as Discord sends them (may be empty). */
  public Interaction slash(long guildId, long channelId, long userId, String name, DataArray options,
      DataObject resolved) {
    DataObject data = DataObject.empty().put("id", commandId(name)).put("name", name).put("type", 1)
        .put("options", options);
    if (!resolved.keys().isEmpty()) {
      data.put("resolved", resolved);
    }
    return send(guildId, channelId, userId, 2, data, null);
  }

  public Interaction slash(long guildId, long channelId, long userId, String name) {
    return slash(guildId, channelId, userId, name, DataArray.empty(), DataObject.empty());
  }

  /** A member types into an autocompleted option; the answer is in {@link Interaction#autocomplete()}. */
  public Interaction autocomplete(long guildId, long channelId, long userId, String name, String option,
      String typed) {
    DataObject data = DataObject.empty().put("id", commandId(name)).put("name", name).put("type", 1)
        .put("options", DataArray.empty().add(DataObject.empty().put("name", option).put("type", 3)
            .put("value", typed).put("focused", true)));
    return send(guildId, 0, userId, 4, data, null);
  }

  /** A member presses the button with {@code customId} on {@code message}. */
  public Interaction press(long userId, Message message, String customId) {
    DataObject data = DataObject.empty().put("custom_id", customId).put("component_type", 2);
    return send(message.guildId(), message.channelId(), userId, 3, data, message.id());
  }

  /** A member presses the button labelled {@code label} (first match) on {@code message}. */
  public Interaction pressLabel(long userId, Message message, String label) {
    return press(userId, message, message.button(label).customId());
  }

  /** A member submits the modal an interaction opened, typing {@code value} in its first text input. */
  public Interaction submitModal(long userId, Interaction opener, String value) {
    DataObject modal = opener.modal();
    if (modal == null) {
      throw new IllegalStateException("interaction " + opener.id() + " opened no modal");
    }
    DataObject label = modal.getArray("components").getObject(0);
    DataObject input = label.getObject("component");
    DataObject data = DataObject.empty().put("custom_id", modal.getString("custom_id")).put("components",
        DataArray.empty().add(DataObject.empty().put("type", 18).put("id", 1).put("component",
            DataObject.empty().put("type", 4).put("id", 2).put("custom_id", input.getString("custom_id"))
                .put("value", value))));
    return send(opener.guildId(), opener.channelId(), userId, 5, data, opener.messageId());
  }

  private long commandId(String name) {
    for (DataArray registered : commands.values()) {
      for (int i = 0; i < registered.length(); i++) {
        if (registered.getObject(i).getString("name").equals(name)) {
          return registered.getObject(i).getLong("id");
        }
      }
    }
    throw new IllegalStateException("command /" + name + " is not registered");
  }

  private Interaction send(long guildId, long channelId, long userId, int type, DataObject data,
      @Nullable Long messageId) {
    FakeGuild guild = guild(guildId);
    long channel = channelId == 0 ? guild.channelId : channelId;
    long id = snowflake(nextIdAgeMillis.getAndSet(0));
    String token = "itoken-" + id + "-" + channel; // the channel too: a forgotten one's late edits need it
    Interaction interaction = new Interaction(id, token, type, guildId, channel, userId, messageId,
        now().minusMillis(nextInteractionAgeMillis.getAndSet(0)));
    interactionsByToken.put(token, interaction);
    DataObject payload = DataObject.empty()
        .put("id", id).put("application_id", APPLICATION_ID).put("type", type).put("token", token)
        .put("version", 1).put("data", data).put("guild_id", guildId).put("guild", DataObject.empty()
            .put("id", guildId).put("locale", "en-US").put("features", DataArray.empty()))
        .put("channel_id", channel).put("channel", guild.channelJson(channel))
        .put("member", guild.memberJson(userId)).put("locale", "en-US").put("guild_locale", "en-US")
        .put("app_permissions", Long.toString(guild.botPermissions()))
        .put("context", 0).put("entitlements", DataArray.empty())
        .put("authorizing_integration_owners", DataObject.empty().put("0", Long.toString(guildId)));
    if (messageId != null) {
      StoredMessage message = messages.get(messageId);
      if (message == null) {
        throw new IllegalArgumentException("no message " + messageId);
      }
      payload.put("message", message.json());
    }
    String json = payload.toString();
    interaction.payload = json;
    dispatch(guildId, "INTERACTION_CREATE", json);
    return interaction;
  }

  /**
   * Delivers an interaction again, same id and token, as Discord may after a gateway hiccup; its second
   * initial response is refused (400, 40060) like any second response.
   */
  public void redeliver(Interaction interaction) {
    String payload = interaction.payload;
    if (payload == null) {
      throw new IllegalStateException("interaction " + interaction.id() + " was never sent");
    }
    dispatch(interaction.guildId(), "INTERACTION_CREATE", payload);
  }

  // ---------------------------------------------------------------- forgetting

  /** What {@link #forgetAnswered} dropped. */
  public record Forgotten(int interactions, int messages) {}

  /**
   * Drops every interaction and message the fake has kept (and the request log, if kept), so that a load run's
   * next phase starts on the heap its first one had; guilds, their channels, roles and members' roles, and the
   * registered commands stay. What a forgotten interaction's hook sends later, within its 15 minutes (a "Time's
   * up" edit, a follow-up), is still accepted, as Discord would, and answered with the message as edited, but
   * not kept; its callbacks are refused as too late (404, 10062), and its messages can no longer be read or
   * pressed ({@link #message}, {@link #press} throw).
   *
   * <p>Call it between load phases, once no interaction is in flight: every one sent was answered or refused,
   * and the bot is no longer building a response to one (a callback or an edit to a message being dropped
   * would be refused or lost). Thread-safe: what is made while it runs is kept (ids are the fake's
   * time-ordered snowflakes; an id back-dated with {@link #ageNextInteractionId} counts as older), though a press
   * made meanwhile on a message it drops is answered Unknown Message; the request log is cleared whole.
   */
  public Forgotten forgetAnswered() {
    long through = snowflake(); // what is made from now on has a higher id and is kept
    forgottenThroughId.set(through);
    int interactions = 0;
    for (var entry : interactionsByToken.entrySet()) {
      if (entry.getValue().id() <= through && interactionsByToken.remove(entry.getKey(), entry.getValue())) {
        interactions++;
      }
    }
    int dropped = 0;
    for (var entry : messages.entrySet()) {
      if (entry.getKey() <= through && messages.remove(entry.getKey(), entry.getValue())) {
        dropped++;
      }
    }
    requests.clear();
    return new Forgotten(interactions, dropped);
  }

  private static final Pattern TOKEN = Pattern.compile("itoken-(\\d+)-(\\d+)");

  /** The interaction id and channel of a token the fake made and then forgot, or null. */
  private long @Nullable [] forgottenInteraction(String token) {
    Matcher m = TOKEN.matcher(token);
    if (!m.matches()) {
      return null;
    }
    long id = Long.parseLong(m.group(1));
    return id <= forgottenThroughId.get() ? new long[] {id, Long.parseLong(m.group(2))} : null;
  }

  /** A forgotten interaction's webhook call: checked as any, answered as Discord would, nothing kept. */
  private Answer forgottenWebhook(long[] idAndChannel, String method, @Nullable String messageRef,
      @Nullable DataObject body) {
    Instant sent = Instant.ofEpochMilli((idAndChannel[0] >> 22) + DISCORD_EPOCH);
    if (Duration.between(sent, now()).compareTo(Duration.ofMinutes(15)) > 0) {
      return Answer.error(401, 50027, "Invalid Webhook Token");
    }
    DataObject data = body == null ? DataObject.empty() : body;
    List<String> problems = Limits.checkMessage(data);
    if (!problems.isEmpty()) {
      return Answer.invalidForm(problems);
    }
    boolean post = method.equals("POST") && messageRef == null;
    if (!post && !(method.equals("PATCH") && messageRef != null)) {
      return Answer.error(405, 0, "fake Discord does not serve " + method + " on webhooks");
    }
    long messageId = messageRef == null || messageRef.equals("@original") ? snowflake() : Long.parseLong(messageRef);
    StoredMessage message = new StoredMessage(messageId, 0, idAndChannel[1], (data.getInt("flags", 0) & 64) != 0);
    message.edit(data);
    return Answer.ok(message.json());
  }

  // ---------------------------------------------------------------- what members see

  /**
   * Hands every request, once answered, to {@code listener} (on the fake's HTTP threads) instead of keeping it for
   * {@link #requests}: for load runs, where the kept log would grow without bound. Call before any traffic.
   */
  public void streamRequests(Consumer<Recorded> listener) {
    recorder = listener;
  }

  /** Every request received so far, oldest first (none once {@link #streamRequests} was called). */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public List<Recorded> requests(String method, String pathPart) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
  }

  /** The message as it stands now. */
  public Message message(long messageId) {
    StoredMessage message = messages.get(messageId);
    if (message == null) {
      throw new IllegalArgumentException("no message " + messageId);
    }
    return message.snapshot();
  }

  public List<Message> messagesIn(long channelId) {
    return messages.values().stream().filter(m -> m.channelId == channelId).map(StoredMessage::snapshot)
        .sorted(java.util.Comparator.comparingLong(Message::id)).toList();
  }

  /** Polls (up to 10 s) until {@code condition} holds, for JDA's asynchronous requests. */
  public <T> T await(String what, Supplier<@Nullable T> probe, Predicate<T> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
      } catch (IllegalArgumentException | IllegalStateException notYet) {
        last = null;
      }
      if (last != null && condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(10); // polling network I/O with a bounded deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last seen: " + last + "\nrequests:\n"
        + requests.stream().map(r -> r.method() + " " + r.path() + " -> " + r.status() + " " + r.answer())
            .reduce("", (a, b) -> a + b + "\n"));
  }

  /** Waits for the interaction's response and returns the message it shows (its own reply, or the pressed one). */
  public Message awaitShown(Interaction interaction, Predicate<Message> condition) {
    return await("message of interaction " + interaction.id(), () -> {
      Long shown = interaction.shownMessageId();
      return shown == null ? null : message(shown);
    }, condition);
  }

  /** Waits until the interaction's response shows what the bot meant, a deferred one edited (see settled). */
  public Message awaitShown(Interaction interaction) {
    return awaitShown(interaction, m -> interaction.settled());
  }

  // ---------------------------------------------------------------- REST

  private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
  private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)(?:/messages/(@original|\\d+))?");
  private static final Pattern ROLE_GRANT = Pattern.compile("guilds/(\\d+)/members/(\\d+)/roles/(\\d+)");
  private static final Pattern ROLE_CREATE = Pattern.compile("guilds/(\\d+)/roles");
  private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages");
  private static final Pattern COMMANDS =
      Pattern.compile("applications/(\\d+)(?:/guilds/(\\d+))?/commands");

  /** An answer: status and JSON text (empty for 204). */
  record Answer(int status, String json) {
    static Answer ok(Object json) {
      return new Answer(200, json.toString());
    }

    static Answer noContent() {
      return new Answer(204, "");
    }

    static Answer error(int status, int code, String message) {
      return new Answer(status, DataObject.empty().put("code", code).put("message", message).toString());
    }

    static Answer invalidForm(List<String> problems) {
      return new Answer(400, DataObject.empty().put("code", 50035)
          .put("message", "Invalid Form Body").put("errors", String.join("; ", problems)).toString());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long received = System.nanoTime();
    String path = exchange.getRequestURI().getPath().substring("/api/v10/".length());
    String method = exchange.getRequestMethod();
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    String text = jsonPart(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
    DataObject body = null;
    DataArray bodyArray = null;
    if (!text.isBlank()) {
      if (text.strip().startsWith("[")) {
        bodyArray = DataArray.fromJson(text);
      } else {
        body = DataObject.fromJson(text);
      }
    }
    Answer answer;
    try {
      answer = route(method, path, body, bodyArray);
    } catch (RuntimeException e) {
      answer = Answer.error(500, 0, "fake Discord failed: " + e);
    }
    recorder.accept(new Recorded(method, path, body, bodyArray, answer.status(), answer.json(), received));
    byte[] out = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (answer.status() == 204) {
      exchange.sendResponseHeaders(204, -1);
    } else {
      exchange.sendResponseHeaders(answer.status(), out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
    exchange.close();
  }

  /** JDA sends JSON, or multipart with a {@code payload_json} part when it attaches files. */
  private static String jsonPart(@Nullable String contentType, byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    if (contentType == null || !contentType.startsWith("multipart/")) {
      return text;
    }
    int name = text.indexOf("name=\"payload_json\"");
    if (name < 0) {
      return "";
    }
    int start = text.indexOf("\r\n\r\n", name) + 4;
    int end = text.indexOf("\r\n--", start);
    return text.substring(start, end);
  }

  private Answer route(String method, String path, @Nullable DataObject body, @Nullable DataArray array) {
    Matcher m;
    if (tokenRefused) {
      return Answer.error(401, 0, "401: Unauthorized");
    }
    if (method.equals("GET") && path.equals("users/@me")) {
      return Answer.ok(botUser());
    }
    if (method.equals("GET") && path.equals("gateway/bot")) {
      return Answer.ok(DataObject.empty().put("url", gatewayUrl()).put("shards", shards)
          .put("session_start_limit", DataObject.empty().put("total", 1000).put("remaining", 1000)
              .put("reset_after", 0).put("max_concurrency", 16)));
    }
    if (method.equals("GET") && path.equals("gateway")) {
      return Answer.ok(DataObject.empty().put("url", gatewayUrl()));
    }
    if ((m = COMMANDS.matcher(path)).matches() && method.equals("PUT") && array != null) {
      return registerCommands(m.group(2), array);
    }
    if ((m = CALLBACK.matcher(path)).matches() && method.equals("POST") && body != null) {
      return callback(Long.parseLong(m.group(1)), m.group(2), body);
    }
    if ((m = WEBHOOK.matcher(path)).matches()) {
      return webhook(method, m.group(2), m.group(3), body);
    }
    if ((m = ROLE_GRANT.matcher(path)).matches() && method.equals("PUT")) {
      return guild(Long.parseLong(m.group(1))).grantRole(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }
    if ((m = ROLE_CREATE.matcher(path)).matches() && method.equals("POST") && body != null) {
      return guild(Long.parseLong(m.group(1))).createRole(body.getString("name", "new role"));
    }
    if ((m = CHANNEL_MESSAGE.matcher(path)).matches() && method.equals("POST") && body != null) {
      long channelId = Long.parseLong(m.group(1));
      FakeGuild guild = guilds.values().stream().filter(g -> g.hasChannel(channelId)).findFirst().orElse(null);
      if (guild == null) {
        return Answer.error(404, 10003, "Unknown Channel");
      }
      if (!guild.botMay(FakeGuild.VIEW_CHANNEL | FakeGuild.SEND_MESSAGES)) {
        return Answer.error(403, 50013, "Missing Permissions");
      }
      List<String> problems = Limits.checkMessage(body);
      if (!problems.isEmpty()) {
        return Answer.invalidForm(problems);
      }
      return Answer.ok(newMessage(guild.id, channelId, body, false).json());
    }
    return Answer.error(404, 0, "fake Discord does not serve " + method + " " + path);
  }

  private Answer registerCommands(@Nullable String guildId, DataArray commandsJson) {
    List<String> problems = Limits.checkCommands(commandsJson);
    if (!problems.isEmpty()) {
      return Answer.invalidForm(problems);
    }
    DataArray answer = DataArray.empty();
    for (int i = 0; i < commandsJson.length(); i++) {
      DataObject command = commandsJson.getObject(i);
      command.put("id", snowflake()).put("application_id", APPLICATION_ID).put("version", snowflake());
      if (!command.hasKey("type")) {
        command.put("type", 1);
      }
      if (guildId != null) {
        command.put("guild_id", guildId);
      }
      answer.add(command);
    }
    commands.put(guildId == null ? "global" : guildId, answer);
    return Answer.ok(answer);
  }

  /** Commands registered globally (key "global") or per guild (key: guild id). */
  public Map<String, DataArray> registeredCommands() {
    return Map.copyOf(commands);
  }

  private Answer callback(long interactionId, String token, DataObject body) {
    Interaction interaction = interactionsByToken.get(token);
    if (interaction == null || interaction.id() != interactionId) {
      return Answer.error(404, 10062, "Unknown interaction");
    }
    synchronized (interaction) {
      if (Duration.between(interaction.createdAt(), now()).compareTo(Duration.ofSeconds(3)) > 0) {
        return Answer.error(404, 10062, "Unknown interaction");
      }
      if (interaction.responded()) {
        return Answer.error(400, 40060, "Interaction has already been acknowledged.");
      }
      int type = body.getInt("type");
      DataObject data = body.optObject("data").orElseGet(DataObject::empty);
      if (!Limits.callbackTypesOf(interaction.type()).contains(type)) {
        return Answer.error(400, 50035, "Invalid Form Body: interaction type " + interaction.type()
            + " cannot be answered with callback type " + type);
      }
      switch (type) {
        case 4, 5 -> {
          List<String> problems = type == 4 ? Limits.checkMessage(data) : List.of();
          if (!problems.isEmpty()) {
            return Answer.invalidForm(problems);
          }
          boolean ephemeral = (data.getInt("flags", 0) & 64) != 0;
          DataObject content = type == 4 ? data : DataObject.empty().put("content", "");
          StoredMessage message = newMessage(interaction.guildId(), interaction.channelId(), content, ephemeral);
          message.deferred = type == 5;
          interaction.respond(type, message.id);
        }
        case 6, 7 -> {
          if (interaction.messageId() == null) {
            return Answer.error(400, 50035, "Invalid Form Body: type " + type + " needs a component message");
          }
          if (type == 7) {
            List<String> problems = Limits.checkMessage(data);
            if (!problems.isEmpty()) {
              return Answer.invalidForm(problems);
            }
            StoredMessage pressed = messages.get(interaction.messageId());
            if (pressed == null) {
              return Answer.error(404, 10008, "Unknown Message"); // forgotten meanwhile (forgetAnswered)
            }
            pressed.edit(data);
          }
          interaction.respond(type, interaction.messageId());
        }
        case 8 -> {
          DataArray choices = data.optArray("choices").orElseGet(DataArray::empty);
          List<String> problems = Limits.checkChoices(choices);
          if (!problems.isEmpty()) {
            return Answer.invalidForm(problems);
          }
          interaction.autocomplete = choices;
          interaction.respond(type, null);
        }
        case 9 -> {
          List<String> problems = Limits.checkModal(data);
          if (!problems.isEmpty()) {
            return Answer.invalidForm(problems);
          }
          interaction.modal = data;
          interaction.respond(type, null);
        }
        default -> {
          return Answer.error(400, 50035, "Invalid Form Body: unknown callback type " + type);
        }
      }
    }
    return Answer.noContent();
  }

  private Answer webhook(String method, String token, @Nullable String messageRef, @Nullable DataObject body) {
    Interaction interaction = interactionsByToken.get(token);
    if (interaction == null) {
      long[] forgotten = forgottenInteraction(token);
      return forgotten != null ? forgottenWebhook(forgotten, method, messageRef, body)
          : Answer.error(404, 10015, "Unknown Webhook");
    }
    if (Duration.between(interaction.createdAt(), now()).compareTo(Duration.ofMinutes(15)) > 0) {
      return Answer.error(401, 50027, "Invalid Webhook Token");
    }
    if (!interaction.responded()) {
      return Answer.error(404, 10015, "Unknown Webhook");
    }
    DataObject data = body == null ? DataObject.empty() : body;
    List<String> problems = Limits.checkMessage(data);
    if (!problems.isEmpty()) {
      return Answer.invalidForm(problems);
    }
    if (method.equals("POST") && messageRef == null) {
      boolean ephemeral = (data.getInt("flags", 0) & 64) != 0;
      StoredMessage followUp = newMessage(interaction.guildId(), interaction.channelId(), data, ephemeral);
      interaction.followUps.add(followUp.id);
      return Answer.ok(followUp.json());
    }
    if (method.equals("PATCH") && messageRef != null) {
      Long target = messageRef.equals("@original") ? interaction.shownMessageId() : Long.valueOf(messageRef);
      StoredMessage message = target == null ? null : messages.get(target);
      if (message == null) {
        return Answer.error(404, 10008, "Unknown Message");
      }
      message.edit(data);
      if (messageRef.equals("@original")) {
        interaction.originalEdited();
      }
      return Answer.ok(message.json());
    }
    return Answer.error(405, 0, "fake Discord does not serve " + method + " on webhooks");
  }

  StoredMessage newMessage(long guildId, long channelId, DataObject data, boolean ephemeral) {
    StoredMessage message = new StoredMessage(snowflake(), guildId, channelId, ephemeral);
    message.edit(data);
    message.version = 0;
    messages.put(message.id, message);
    return message;
  }

  DataObject botUser() {
    return DataObject.empty().put("id", BOT_ID).put("username", "Warmup Bot").put("discriminator", "0000")
        .put("global_name", null).put("avatar", null).put("bot", true).put("verified", true)
        .put("mfa_enabled", false).put("flags", 0);
  }

  /** A message as the fake keeps it; edits replace the parts they carry. */
  final class StoredMessage {
    final long id;
    final long guildId;
    final long channelId;
    final boolean ephemeral;
    volatile String content = "";
    volatile DataArray embeds = DataArray.empty();
    volatile DataArray components = DataArray.empty();
    volatile boolean deferred;
    volatile int version;

    StoredMessage(long id, long guildId, long channelId, boolean ephemeral) {
      this.id = id;
      this.guildId = guildId;
      this.channelId = channelId;
      this.ephemeral = ephemeral;
    }

    synchronized void edit(DataObject data) {
      if (data.hasKey("content")) {
        content = data.getString("content", "");
      }
      if (data.hasKey("embeds")) {
        embeds = data.optArray("embeds").orElseGet(DataArray::empty);
        for (int i = 0; i < embeds.length(); i++) {
          if (!embeds.getObject(i).hasKey("type")) {
            embeds.getObject(i).put("type", "rich"); // as Discord stores it
          }
        }
      }
      if (data.hasKey("components")) {
        components = data.optArray("components").orElseGet(DataArray::empty);
      }
      deferred = false;
      version++;
    }

    synchronized DataObject json() {
      return DataObject.empty().put("id", id).put("type", 0).put("channel_id", channelId)
          .put("author", botUser()).put("content", content).put("timestamp", Instant.now().toString())
          .put("edited_timestamp", null).put("tts", false).put("mention_everyone", false)
          .put("mentions", DataArray.empty()).put("mention_roles", DataArray.empty())
          .put("attachments", DataArray.empty()).put("embeds", DataArray.fromJson(embeds.toString()))
          .put("components", DataArray.fromJson(components.toString())).put("pinned", false)
          .put("flags", ephemeral ? 64 : 0).put("application_id", APPLICATION_ID);
    }

    synchronized Message snapshot() {
      return new Message(id, guildId, channelId, ephemeral, deferred, version, content,
          DataArray.fromJson(embeds.toString()), DataArray.fromJson(components.toString()));
    }
  }

  @Override
  public void close() {
    http.stop(0);
    try {
      gateway.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builders for slash-command options, as Discord sends them. */
  public static DataArray options(Object... nameTypeValue) {
    DataArray options = DataArray.empty();
    for (int i = 0; i + 2 < nameTypeValue.length + 1; i += 3) {
      options.add(DataObject.empty().put("name", nameTypeValue[i]).put("type", nameTypeValue[i + 1])
          .put("value", nameTypeValue[i + 2]));
    }
    return options;
  }

  /** A subcommand with its options. */
  public static DataArray subcommand(String name, DataArray options) {
    return DataArray.empty().add(DataObject.empty().put("name", name).put("type", 1).put("options", options));
  }

  List<Interaction> interactions() {
    return new ArrayList<>(interactionsByToken.values());
  }
}
