package org.warmupbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.SlackConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A Slack Web API on loopback that answers like Slack and refuses what Slack would refuse: Block Kit limits,
 * stale or reused trigger ids, {@code views.update} with a stale hash, a wrong token, and errors a test arms
 * with {@link #failWith}. Every call is recorded, in the order it was answered, so tests can assert what members
 * see; a test can keep a call waiting with {@link #holdNext}, as a slow Slack would.
 *
 * <p>Point Bolt at it with {@code SlackConfig#setMethodsEndpointUrlPrefix(api.methodsUrl())}, or Slack's client with
 * {@link #clientConfig()}. Thread-safe.
 */
public final class FakeSlackApi implements AutoCloseable {

  /** One Web API call as the fake saw it, with the answer it gave. */
  public record Call(String method, Map<String, String> params, JsonNode response) {
    public boolean ok() {
      return response.path("ok").asBoolean();
    }

    public String error() {
      return response.path("error").asText("");
    }

    /** A JSON parameter ({@code view}, {@code blocks}) parsed, or a missing node. */
    public JsonNode json(String param) {
      String raw = params.get(param);
      if (raw == null) {
        return MAPPER.missingNode();
      }
      try {
        return MAPPER.readTree(raw);
      } catch (IOException e) {
        return MAPPER.missingNode();
      }
    }

    /** Every text the member would read in this call's view or blocks, joined with newlines. */
    public String visibleText() {
      StringBuilder out = new StringBuilder(params.getOrDefault("text", ""));
      collectText(json("view"), out);
      collectText(json("blocks"), out);
      return out.toString();
    }
  }

  /** The method name under which messages posted to a {@link #responseUrl} are recorded. */
  public static final String RESPONSE_URL = "response_url";
  /** How many messages Slack accepts on one response_url (within 30 minutes). */
  static final int RESPONSE_URL_USES = 5;

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TRIGGER_LIFETIME = Duration.ofSeconds(3);

  private final HttpServer server;
  private final ExecutorService executor;
  private final String botToken;
  private final String teamId;
  private final Clock clock;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Consumer<Call> recorder = calls::add;
  private final Map<String, Instant> triggers = new ConcurrentHashMap<>();
  private final Set<String> usedTriggers = ConcurrentHashMap.newKeySet();
  private final Map<String, StoredView> views = new ConcurrentHashMap<>();
  private final Map<String, String> homeViews = new ConcurrentHashMap<>();
  private final Map<String, List<String>> userGroups = new ConcurrentHashMap<>();
  private final Set<String> admins = ConcurrentHashMap.newKeySet();
  private final Set<String> deactivated = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final Map<String, Integer> rateLimits = new ConcurrentHashMap<>(); // method -> Retry-After seconds
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, AtomicInteger> responseUrlUses = new ConcurrentHashMap<>();
  // Messages posted to response_urls, as members now see them (id -> text, blocks, response_type), and the
  // message each action's response_url belongs to (URL path -> message id).
  private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
  private final Map<String, String> originals = new ConcurrentHashMap<>();
  private volatile @Nullable String appToken;
  private volatile @Nullable String socketModeUrl;

  private FakeSlackApi(String botToken, String teamId, Clock clock) throws IOException {
    this.botToken = botToken;
    this.teamId = teamId;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "fake-slack-api");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/api/", this::handle);
    server.createContext("/hooks/", this::respond);
    server.start();
  }

  /** Starts a fake for one workspace whose bot token is {@code botToken}; time for trigger ids is {@code clock}. */
  public static FakeSlackApi start(String botToken, String teamId, Clock clock) {
    try {
      return new FakeSlackApi(botToken, teamId, clock);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the fake Slack API on loopback", e);
    }
  }

  /** The value for {@code SlackConfig#setMethodsEndpointUrlPrefix}, ending in {@code /api/}. */
  public String methodsUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A configuration for Slack's own client ({@code Slack.getInstance(api.clientConfig())}) that calls this fake. */
  public SlackConfig clientConfig() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(methodsUrl());
    return config;
  }

  /**
   * A new {@code response_url} for a command or an action payload: what is posted to it is recorded as a call of
   * method {@link #RESPONSE_URL} (its JSON fields as the params, and the URL itself as param {@code
   * response_url}). As on Slack, one URL takes at most {@value #RESPONSE_URL_USES} messages, each with a {@code
   * text} (at most 40,000 characters) or {@code blocks} (within Block Kit's message limits, else {@code
   * invalid_blocks}), and a {@code response_type} of {@code ephemeral} (the default) or {@code in_channel}. The
   * message a post shows is kept ({@link #message}, id in the recorded response's {@code message_id}), so a press
   * on it can be played ({@link #actionResponseUrl}).
   */
  public String responseUrl(String kind) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + hookPath(kind);
  }

  private String hookPath(String kind) {
    return "/hooks/" + kind + "/" + teamId + "/" + ids.incrementAndGet() + "/x";
  }

  /**
   * The {@code response_url} of a press on a button of message {@code messageId} (one {@link #message} knows): as
   * on Slack, a post to it with {@code replace_original: true} replaces that message, with {@code
   * delete_original: true} deletes it, and without either posts a new message (ephemeral unless {@code
   * response_type} says {@code in_channel}). The recorded call's response holds the {@code message_id} shown.
   */
  public String actionResponseUrl(String messageId) {
    if (!messages.containsKey(messageId)) {
      throw new IllegalArgumentException("no message " + messageId + " was posted to a response_url");
    }
    String path = hookPath("actions");
    originals.put(path, messageId);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * A message posted to a response_url as members see it now (after any replacement): {@code id}, {@code text},
   * {@code blocks} (parsed), {@code response_type}; empty once deleted or for an unknown id.
   */
  public Optional<JsonNode> message(String messageId) {
    return Optional.ofNullable(messages.get(messageId)).map(ObjectNode::deepCopy);
  }

  public String teamId() {
    return teamId;
  }

  /** Issues a trigger id, as Slack does with each shortcut, command or button press: valid 3 s, once. */
  public String newTriggerId() {
    String id = ids.incrementAndGet() + "." + System.nanoTime() + ".fake";
    triggers.put(id, clock.instant());
    return id;
  }

  /** Accepts {@code appToken} on {@code apps.connections.open}, answering with {@code webSocketUrl}. */
  public void socketMode(String appToken, String webSocketUrl) {
    this.appToken = appToken;
    this.socketModeUrl = webSocketUrl;
  }

  /** Makes every later call of {@code method} fail with {@code error} (e.g. {@code missing_scope}). */
  public void failWith(String method, String error) {
    failures.put(method, error);
  }

  /**
   * Holds the next call of {@code method} unanswered until the returned hold is released (or closed), as a slow
   * Slack would; later calls are answered as usual. A hold never lasts longer than 30 seconds.
   */
  public Hold holdNext(String method) {
    Hold hold = new Hold(method);
    if (holds.putIfAbsent(method, hold) != null) {
      throw new IllegalStateException("the next " + method + " is held already");
    }
    return hold;
  }

  /**
   * Answers the next call of {@code method} as Slack answers a rate-limited one: HTTP 429 with {@code Retry-After}
   * ({@code retryAfterSeconds}) and {@code {"ok":false,"error":"ratelimited"}}; later calls are answered as usual.
   */
  public void rateLimitNext(String method, int retryAfterSeconds) {
    rateLimits.put(method, retryAfterSeconds);
  }

  /** A call of one method kept waiting by {@link #holdNext}. Thread-safe. */
  public static final class Hold implements AutoCloseable {
    private static final Duration LONGEST = Duration.ofSeconds(30);
    private final String method;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(String method) {
      this.method = method;
    }

    /** Waits until the held call arrived (and is being held); fails the test after {@code timeout}. */
    public void awaitArrival(Duration timeout) {
      try {
        if (!arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("no " + method + " call arrived to be held within " + timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + method, e);
      }
    }

    public boolean arrived() {
      return arrived.getCount() == 0;
    }

    /** Lets the held call be answered. */
    public void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }

    private void hold() {
      arrived.countDown();
      try {
        released.await(LONGEST.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public void clearFailures() {
    failures.clear();
  }

  /** Creates or replaces a user group and its members. */
  public void userGroup(String groupId, String... members) {
    userGroups.put(groupId, List.of(members));
  }

  public List<String> userGroupMembers(String groupId) {
    return userGroups.getOrDefault(groupId, List.of());
  }

  /**
   * Marks a member as one who left the workspace: {@code users.info} answers {@code deleted: true}, and a user
   * group's update that lists them is refused with {@code invalid_users}, naming nobody (assumed: not checked
   * against Slack, whose documentation says only that the users given were invalid).
   */
  public void deactivate(String userId) {
    deactivated.add(userId);
  }

  /** Marks a member as a workspace admin on {@code users.info}. */
  public void admin(String userId) {
    admins.add(userId);
  }

  /**
   * Hands every call, once answered, to {@code listener} (on the fake's HTTP threads) instead of keeping it for
   * {@link #calls}: for load runs, where the kept log would grow without bound. Call before any traffic.
   */
  public void streamCalls(Consumer<Call> listener) {
    recorder = listener;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Calls the fake refused (any {@code ok:false}), to assert none broke a rule. */
  public List<Call> refusals() {
    return calls.stream().filter(c -> !c.ok()).toList();
  }

  /** The modal as Slack now shows it, with its current {@code id} and {@code hash}. */
  public Optional<JsonNode> view(String viewId) {
    return Optional.ofNullable(views.get(viewId)).map(StoredView::parse);
  }

  /**
   * A view as Slack shows it. Kept as JSON text: a load run holds thousands, and as JSON trees (an object per
   * node) they made the bot's young collections copy the fake's memory.
   */
  private record StoredView(String type, String hash, String json) {
    JsonNode parse() {
      try {
        return MAPPER.readTree(json);
      } catch (IOException e) {
        throw new UncheckedIOException("a view the fake stored does not parse", e);
      }
    }
  }

  /** The App Home tab last published for a member. */
  public Optional<JsonNode> home(String userId) {
    return Optional.ofNullable(homeViews.get(userId)).flatMap(this::view);
  }

  /**
   * Waits until a call of {@code method} matching {@code test} was recorded, polling for at most {@code
   * timeout} (the adapter answers some calls on its own threads).
   */
  public Call awaitCall(String method, Predicate<Call> test, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (Call call : calls(method)) {
        if (test.test(call)) {
          return call;
        }
      }
      try {
        Thread.sleep(10); // polling async network I/O with a bounded deadline, not waiting for time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no " + method + " call matched within " + timeout + "; calls: " + summary());
  }

  /**
   * Waits until at least {@code count} calls of {@code method} were recorded in all, polling for at most {@code
   * timeout}; returns them in the order they were answered.
   */
  public List<Call> awaitCalls(String method, int count, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Call> answered = calls(method);
      if (answered.size() >= count) {
        return answered;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(count + " " + method + " calls expected within " + timeout + "; calls:" + summary());
      }
      try {
        Thread.sleep(5); // polling async network I/O with a bounded deadline, not waiting for time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + method, e);
      }
    }
  }

  public String summary() {
    StringBuilder out = new StringBuilder();
    for (Call call : calls) {
      out.append('\n').append(call.method()).append(call.ok() ? " ok" : " REFUSED " + call.response());
    }
    return out.toString();
  }

  @Override
  public void close() {
    holds.values().forEach(Hold::release);
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      Map<String, String> params = readParams(exchange);
      Hold hold = holds.remove(method);
      if (hold != null) {
        hold.hold();
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
      Integer retryAfter = rateLimits.remove(method);
      ObjectNode response =
          retryAfter == null ? answer(method, token, params) : error("ratelimited");
      Map<String, String> recorded = new LinkedHashMap<>(params);
      recorded.remove("token");
      recorder.accept(new Call(method, Map.copyOf(recorded), response));
      byte[] body = MAPPER.writeValueAsBytes(response);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      if (retryAfter != null) {
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
      }
      exchange.sendResponseHeaders(retryAfter == null ? 200 : 429, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A message posted to a response_url: Slack answers 200 "ok", or 4xx with the reason as plain text. */
  private void respond(HttpExchange exchange) throws IOException {
    try (exchange) {
      String url = exchange.getRequestURI().getPath();
      Map<String, String> params;
      boolean json = true;
      try {
        params = readParams(exchange);
      } catch (IOException notJson) {
        params = Map.of();
        json = false;
      }
      int use = responseUrlUses.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
      String text = params.get("text");
      boolean hasText = text != null && !text.equals("null") && !text.isEmpty();
      boolean hasBlocks = params.containsKey("blocks") && !"null".equals(params.get("blocks"));
      String type = params.get("response_type");
      // Replacing or deleting needs the message a press came from; a command's URL has none: it posts anew.
      String original = originals.get(url);
      boolean replace = original != null && "true".equals(params.get("replace_original"));
      boolean delete = original != null && "true".equals(params.get("delete_original"));
      String refusal = !json ? "invalid_payload"
          : use > RESPONSE_URL_USES ? "used_url"
          : type != null && !type.equals("null") && !type.equals("ephemeral") && !type.equals("in_channel")
              ? "invalid_response_type"
          : (replace || delete) && !messages.containsKey(original) ? "message_not_found"
          : delete ? null
          : !hasText && !hasBlocks ? "no_text"
          : hasText && text.length() > 40_000 ? "msg_too_long"
          : hasBlocks && !BlockKitLimits.checkBlocks(MAPPER.readTree(params.get("blocks")),
              BlockKitLimits.Surface.MESSAGE, "blocks").isEmpty() ? "invalid_blocks" : null;
      ObjectNode recorded = refusal == null ? ok() : error(refusal);
      if (refusal == null && delete) {
        messages.remove(original);
      } else if (refusal == null) {
        String id = replace ? original : "M" + ids.incrementAndGet();
        ObjectNode message = MAPPER.createObjectNode();
        message.put("id", id);
        message.put("text", hasText ? text : "");
        message.set("blocks", hasBlocks ? MAPPER.readTree(params.get("blocks")) : MAPPER.createArrayNode());
        message.put("response_type", type == null || type.equals("null") ? "ephemeral" : type);
        messages.put(id, message);
        recorded.put("message_id", id);
      }
      Map<String, String> seen = new LinkedHashMap<>(params);
      seen.put(RESPONSE_URL, "http://127.0.0.1:" + server.getAddress().getPort() + url);
      recorder.accept(new Call(RESPONSE_URL, Map.copyOf(seen), recorded));
      byte[] body = (refusal == null ? "ok" : refusal).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(refusal == null ? 200 : refusal.equals("used_url") ? 404 : 400, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ObjectNode answer(String method, @Nullable String token, Map<String, String> params) {
    boolean appLevel = "apps.connections.open".equals(method);
    String expected = appLevel ? appToken : botToken;
    if (token == null || expected == null || !expected.equals(token)) {
      return error(appLevel ? "invalid_auth" : "invalid_auth");
    }
    String failure = failures.get(method);
    if (failure != null) {
      ObjectNode error = error(failure);
      if ("missing_scope".equals(failure)) {
        error.put("needed", method.equals("users.info") ? "users:read"
            : method.startsWith("usergroups.users.list") ? "usergroups:read" : "usergroups:write");
        error.put("provided", "commands,chat:write,users:read");
      }
      return error;
    }
    try {
      return switch (method) {
        case "auth.test" -> authTest();
        case "apps.connections.open" -> connectionsOpen();
        case "views.open" -> viewsOpen(params);
        case "views.update" -> viewsUpdate(params);
        case "views.publish" -> viewsPublish(params);
        case "chat.postMessage", "chat.postEphemeral" -> postMessage(method, params);
        case "usergroups.users.list" -> userGroupList(params);
        case "usergroups.users.update" -> userGroupUpdate(params);
        case "users.info" -> usersInfo(params);
        default -> error("unknown_method");
      };
    } catch (IOException e) {
      return error("invalid_json");
    }
  }

  private ObjectNode authTest() {
    ObjectNode ok = ok();
    ok.put("url", "https://fake.slack.test/");
    ok.put("team", "Fake Workspace");
    ok.put("user", "warmupbot");
    ok.put("team_id", teamId);
    ok.put("user_id", "UBOT");
    ok.put("bot_id", "BBOT");
    return ok;
  }

  private ObjectNode connectionsOpen() {
    String url = socketModeUrl;
    if (url == null) {
      return error("not_allowed_token_type");
    }
    ObjectNode ok = ok();
    ok.put("url", url);
    return ok;
  }

  private ObjectNode viewsOpen(Map<String, String> params) throws IOException {
    String trigger = params.get("trigger_id");
    if (trigger == null || trigger.isBlank()) {
      return error("invalid_arguments");
    }
    Instant issued = triggers.get(trigger);
    if (issued == null) {
      return error("invalid_trigger_id");
    }
    if (Duration.between(issued, clock.instant()).compareTo(TRIGGER_LIFETIME) > 0) {
      return error("expired_trigger_id");
    }
    if (!usedTriggers.add(trigger)) {
      return error("exchanged_trigger_id");
    }
    CheckedView checked = checkView(params.get("view"), "modal");
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    String id = "V" + ids.incrementAndGet();
    return storeView(id, checked.view());
  }

  private ObjectNode viewsUpdate(Map<String, String> params) throws IOException {
    String id = params.get("view_id");
    StoredView current = id == null ? null : views.get(id);
    if (current == null) {
      return error("not_found");
    }
    String hash = params.get("hash");
    if (hash != null && !hash.equals(current.hash())) {
      return error("hash_conflict");
    }
    CheckedView checked = checkView(params.get("view"), current.type());
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    return storeView(id, checked.view());
  }

  private ObjectNode viewsPublish(Map<String, String> params) throws IOException {
    String user = params.get("user_id");
    if (user == null || user.isBlank()) {
      return error("invalid_arguments");
    }
    CheckedView checked = checkView(params.get("view"), "home");
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    String id = homeViews.computeIfAbsent(user, u -> "VH" + ids.incrementAndGet());
    StoredView current = views.get(id);
    String hash = params.get("hash");
    if (current != null && hash != null && !hash.equals(current.hash())) {
      return error("hash_conflict");
    }
    return storeView(id, checked.view());
  }

  /**
   * What Slack does with the app's acknowledgement of a view submission ({@code ackBody}, maybe empty) on the modal
   * {@code viewId}: {@code response_action: update} replaces the modal (a new hash), as {@code views.update} would;
   * {@code errors} must name input blocks of that modal. Anything Slack would refuse fails the test: the member
   * would see "We had some trouble connecting" instead.
   */
  public void submissionAcknowledged(String viewId, String ackBody) {
    if (ackBody.isBlank()) {
      return; // Slack closes the modal
    }
    try {
      JsonNode ack = MAPPER.readTree(ackBody);
      StoredView current = views.get(viewId);
      if (current == null) {
        throw new AssertionError("a submission of " + viewId + ", which Slack never showed");
      }
      switch (ack.path("response_action").asText()) {
        case "update" -> {
          CheckedView checked = checkView(ack.path("view").toString(), current.type());
          if (checked.refusal() != null) {
            throw new AssertionError("Slack refuses the submission's update: " + checked.refusal());
          }
          storeView(viewId, checked.view());
        }
        case "errors" -> {
          Set<String> inputs = new HashSet<>();
          for (JsonNode block : MAPPER.readTree(current.json()).path("blocks")) {
            if ("input".equals(block.path("type").asText())) {
              inputs.add(block.path("block_id").asText());
            }
          }
          ack.path("errors").fieldNames().forEachRemaining(key -> {
            if (!inputs.contains(key)) {
              throw new AssertionError("Slack refuses errors for '" + key + "': not an input block of " + viewId);
            }
          });
        }
        default -> throw new AssertionError("a submission answer Slack does not take: " + ackBody);
      }
    } catch (IOException e) {
      throw new AssertionError("a submission answered with what is not JSON: " + ackBody, e);
    }
  }

  /** A view a call sent, parsed once: the view when it keeps Slack's rules, else the refusal to answer. */
  private record CheckedView(ObjectNode view, @Nullable ObjectNode refusal) {}

  private CheckedView checkView(@Nullable String raw, String expectedType) throws IOException {
    if (raw == null) {
      return new CheckedView(MAPPER.createObjectNode(), error("invalid_arguments"));
    }
    JsonNode view = MAPPER.readTree(raw);
    List<String> problems = new ArrayList<>(BlockKitLimits.checkView(view));
    if (!expectedType.equals(view.path("type").asText())) {
      problems.add("view.type must be " + expectedType);
    }
    if (!(view instanceof ObjectNode) || !problems.isEmpty()) {
      return new CheckedView(MAPPER.createObjectNode(), invalidArguments(problems));
    }
    return new CheckedView((ObjectNode) view, null);
  }

  private ObjectNode storeView(String id, ObjectNode view) {
    view.put("id", id);
    view.put("team_id", teamId);
    String hash = clock.millis() + "." + ids.incrementAndGet();
    view.put("hash", hash);
    view.putObject("state").putObject("values");
    views.put(id, new StoredView(view.path("type").asText(), hash, view.toString()));
    ObjectNode ok = ok();
    ok.set("view", view);
    return ok;
  }

  private ObjectNode postMessage(String method, Map<String, String> params) throws IOException {
    if (params.getOrDefault("channel", "").isBlank()) {
      return error("channel_not_found");
    }
    if ("chat.postEphemeral".equals(method) && params.getOrDefault("user", "").isBlank()) {
      return error("user_not_in_channel");
    }
    String blocks = params.get("blocks");
    if (params.getOrDefault("text", "").isBlank() && blocks == null) {
      return error("no_text");
    }
    if (blocks != null) {
      List<String> problems =
          BlockKitLimits.checkBlocks(MAPPER.readTree(blocks), BlockKitLimits.Surface.MESSAGE, "blocks");
      if (!problems.isEmpty()) {
        return invalidArguments(problems);
      }
    }
    if (params.getOrDefault("text", "").length() > 40_000) {
      return error("msg_too_long");
    }
    ObjectNode ok = ok();
    ok.put("channel", params.get("channel"));
    String ts = clock.millis() / 1000 + "." + String.format("%06d", ids.incrementAndGet());
    ok.put(method.equals("chat.postEphemeral") ? "message_ts" : "ts", ts);
    return ok;
  }

  private ObjectNode userGroupList(Map<String, String> params) {
    List<String> members = userGroups.get(params.getOrDefault("usergroup", ""));
    if (members == null) {
      return error("no_such_subteam");
    }
    ObjectNode ok = ok();
    ArrayNode users = ok.putArray("users");
    members.forEach(users::add);
    return ok;
  }

  private ObjectNode userGroupUpdate(Map<String, String> params) {
    String group = params.getOrDefault("usergroup", "");
    if (!userGroups.containsKey(group)) {
      return error("no_such_subteam");
    }
    String users = params.getOrDefault("users", "");
    if (users.isBlank()) {
      return error("no_users_provided");
    }
    List<String> members = List.copyOf(new LinkedHashSet<>(Arrays.asList(users.split(","))));
    if (members.stream().anyMatch(deactivated::contains)) {
      return error("invalid_users");
    }
    userGroups.put(group, members); // Slack replaces the whole list: keeping members is the caller's job
    ObjectNode ok = ok();
    ObjectNode usergroup = ok.putObject("usergroup");
    usergroup.put("id", group);
    usergroup.put("team_id", teamId);
    ArrayNode list = usergroup.putArray("users");
    members.forEach(list::add);
    usergroup.put("user_count", members.size());
    return ok;
  }

  private ObjectNode usersInfo(Map<String, String> params) {
    String user = params.getOrDefault("user", "");
    if (user.isBlank()) {
      return error("user_not_found");
    }
    ObjectNode ok = ok();
    ObjectNode node = ok.putObject("user");
    node.put("id", user);
    node.put("team_id", teamId);
    node.put("name", user.toLowerCase());
    node.put("is_admin", admins.contains(user));
    node.put("is_owner", false);
    node.put("deleted", deactivated.contains(user));
    return ok;
  }

  private static ObjectNode ok() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ok", true);
    return node;
  }

  private static ObjectNode error(String error) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ok", false);
    node.put("error", error);
    return node;
  }

  private static ObjectNode invalidArguments(List<String> problems) {
    ObjectNode node = error("invalid_arguments");
    ArrayNode messages = node.putObject("response_metadata").putArray("messages");
    problems.forEach(p -> messages.add("[ERROR] " + p));
    return node;
  }

  private static Map<String, String> readParams(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> params = new LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      parseForm(query, params);
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      JsonNode json = MAPPER.readTree(body);
      json.properties().forEach(e -> params.put(e.getKey(),
          e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    } else {
      parseForm(body, params);
    }
    return params;
  }

  private static void parseForm(String form, Map<String, String> into) {
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(key, value);
    }
  }

  private static void collectText(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      JsonNode text = node.get("text");
      if (text != null && text.isTextual()) {
        out.append('\n').append(text.asText());
      }
      node.properties().forEach(e -> {
        if (!"text".equals(e.getKey()) || !e.getValue().isTextual()) {
          collectText(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectText(child, out));
    }
  }
}
