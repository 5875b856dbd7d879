package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.GrantRetries;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.SwappableCatalog;
import org.warmupbot.slack.testing.FakeSlackApi;
import org.warmupbot.slack.testing.SignedSlackClient;
import org.warmupbot.slack.testing.SlackPayloads;

/**
 * A real Bolt app behind the real HTTP endpoint on loopback, a fake Slack Web API, and a signed client playing
 * Slack. The engine runs on a {@link MutableClock} with Caffeine's scheduler off, so deadlines pass when a test
 * says; request signatures and trigger ids use the system clock, as Slack's do (or a clock the test gives), and
 * Slack's {@code Retry-After} passes when a test says ({@link #passRetryAfter}). The catalog can be swapped, every
 * acknowledgement time is recorded in {@link #acks}, and {@code /warmup admin reload} runs {@link #reloader}.
 *
 * <p>The bot calls the Web API after it acknowledges; {@link #interact}, {@link #modal} and {@link #lastModal}
 * therefore first wait (bounded) until the bot has made every call queued so far, as a member would see the modal
 * change a moment after pressing. {@link #acknowledge} does not wait.
 */
final class SlackHarness implements AutoCloseable {
  static final String BOT_TOKEN = "xoxb-test-token";
  static final String SECRET = "test-signing-secret";
  static final String TEAM = "T0WORKSPACE";

  final MutableClock engineClock = MutableClock.atMondayMorning();
  final FakeSlackApi api;
  final InMemoryStore store = new InMemoryStore();
  /** What the leaderboards read and the recorder saves to: {@link #store}, until a test makes it fail or wait. */
  final FaultyStore faulty = new FaultyStore(store);
  final ChallengeEngine engine;
  final RunRecorder recorder;
  final SlackBot bot;
  // Slack's Retry-After passes when a test says (passRetryAfter), not in real seconds.
  final ManualRetryTimer retries = new ManualRetryTimer();
  final SignedSlackClient slack;
  final SlackPayloads payloads;
  final Tenant tenant = new Tenant(Platform.SLACK, TEAM);
  final SwappableCatalog catalog;
  /** What the bot reported to its AckObserver, in order. */
  final List<Ack> acks = new CopyOnWriteArrayList<>();
  /** What {@code /warmup admin reload} runs; refuses until a test sets it. */
  volatile PackReloader reloader = () -> new PackReloader.Result(false, "no reloader in this test");

  record Ack(Platform platform, Duration latency) {}

  /** Badge grants run on the thread that earned them, unless a test holds them here (a busy grant thread). */
  volatile boolean holdGrants;
  final List<Runnable> heldGrants = new CopyOnWriteArrayList<>();

  SlackHarness(ChallengePack... packs) {
    this(FakeSlackApi.start(BOT_TOKEN, TEAM, Clock.systemUTC()), packs);
  }

  SlackHarness(FakeSlackApi api, ChallengePack... packs) {
    this(api, Clock.systemUTC(), packs);
  }

  /**
   * With {@code slackClock} as the time of Slack and of the bot's side of it (trigger ids issued and checked,
   * request signatures): start it at the present (request signatures must be fresh) and advance it to let a
   * trigger id age without waiting.
   */
  SlackHarness(Clock slackClock, ChallengePack... packs) {
    this(FakeSlackApi.start(BOT_TOKEN, TEAM, slackClock), slackClock, packs);
  }

  private SlackHarness(FakeSlackApi api, Clock slackClock, ChallengePack... packs) {
    this(api, slackClock, harness -> { }, packs);
  }

  /**
   * With {@code beforeStart} run on the harness before the bot starts: what a stopped bot left in the store, or how
   * Slack stands, when the bot comes up.
   */
  static SlackHarness startedAfter(Consumer<SlackHarness> beforeStart, ChallengePack... packs) {
    return new SlackHarness(FakeSlackApi.start(BOT_TOKEN, TEAM, Clock.systemUTC()), Clock.systemUTC(), beforeStart,
        packs);
  }

  private SlackHarness(FakeSlackApi api, Clock slackClock, Consumer<SlackHarness> beforeStart,
      ChallengePack... packs) {
    this.api = api;
    catalog = new SwappableCatalog(packs);
    SlackSettings settings = SlackSettings.http(BOT_TOKEN, SECRET, 0)
        .withHttp("127.0.0.1", 0, "/slack/events")
        .withApiUrl(api.methodsUrl());
    bot = new SlackBot(settings, catalog, slackClock,
        (platform, latency) -> acks.add(new Ack(platform, latency)), () -> reloader.reload(), retries);
    // Grants Slack refused for a passing reason are retried on the same test-driven time (passRetryAfter).
    recorder = new RunRecorder(faulty, Map.of(Platform.SLACK, bot.badgeGranter(store)), grant -> {
      if (holdGrants) {
        heldGrants.add(grant);
      } else {
        grant.run();
      }
    }, new GrantRetries(retries::after, engineClock, GrantRetries.DEFAULT_BACKOFF));
    engine = ChallengeEngine.builder(catalog, engineClock)
        .recorder(recorder)
        .timeMultiplier(t -> store.settings(t).timeMultiplier()) // as the launcher wires it
        .scheduler(Scheduler.disabledScheduler())
        .executor(Runnable::run)
        .seeds(() -> 7L)
        .build();
    beforeStart.accept(this);
    bot.start(engine, new Leaderboards(faulty, engineClock, ZoneOffset.UTC), faulty, recorder);
    slack = new SignedSlackClient(
        URI.create("http://127.0.0.1:" + bot.httpPort() + "/slack/events"), SECRET, slackClock);
    payloads = new SlackPayloads(api, slackClock);
  }

  Player player(String userId) {
    return new Player(Platform.SLACK, TEAM, userId);
  }

  /**
   * Sends a signed interactive payload, expects Slack's 200 acknowledgement, and waits until the bot made the
   * Web API calls the payload caused.
   */
  HttpResponse<String> interact(String payload) {
    HttpResponse<String> response = acknowledge(payload);
    settle();
    return response;
  }

  /**
   * Sends a signed interactive payload and expects Slack's 200 acknowledgement; waits for nothing else. A view
   * submission's acknowledgement is applied to the modal as Slack applies it.
   */
  HttpResponse<String> acknowledge(String payload) {
    HttpResponse<String> response = slack.send(slack.interactive(payload));
    assertThat(response.statusCode()).as("ack of %s", response.body()).isEqualTo(200);
    JsonNode sent = json(payload);
    if ("view_submission".equals(sent.path("type").asText())) {
      api.submissionAcknowledged(sent.path("view").path("id").asText(), response.body());
    }
    return response;
  }

  /**
   * Lets Slack's {@code Retry-After} pass: once the bot's queued calls are made (so their rate-limited retries are
   * waiting), moves its retry timer on by {@code wait} and waits for the calls that came due.
   */
  void passRetryAfter(Duration wait) {
    settle();
    retries.advance(wait);
    settle();
  }

  /** Waits until the bot made every modal and App Home call it has queued (fails after {@link #await()}). */
  void settle() {
    try {
      assertThat(bot.awaitViewCalls(await())).as("the bot's queued Web API calls ended; %s", api.summary())
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the bot's Web API calls", e);
    }
  }

  /**
   * Waits until the fake recorded at least {@code count} calls of {@code method} (in all), polling for at most
   * {@link #await()}; returns them in the order they were answered.
   */
  List<FakeSlackApi.Call> awaitCalls(String method, int count) {
    return api.awaitCalls(method, count, await());
  }

  /** The modal opened last, as the fake shows it once the bot's queued calls were made. */
  JsonNode lastModal() {
    settle();
    String id = api.calls("views.open").stream().filter(FakeSlackApi.Call::ok)
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no modal opened:" + api.summary()))
        .response().path("view").path("id").asText();
    return api.view(id).orElseThrow();
  }

  /** The modal as the fake shows it once the bot's queued calls were made. */
  JsonNode modal(String viewId) {
    settle();
    return api.view(viewId).orElseThrow();
  }

  /** Presses the button labelled {@code label} on the view, as {@code userId}. */
  void press(String userId, JsonNode view, String label) {
    String actionId = button(view, label)
        .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + view.path("blocks")));
    interact(payloads.press(userId, view, actionId));
  }

  static Optional<String> button(JsonNode view, String label) {
    for (JsonNode block : view.path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("button".equals(element.path("type").asText()) && label.equals(element.path("text").path("text").asText())) {
          return Optional.of(element.path("action_id").asText());
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> typedInput(JsonNode view) {
    for (JsonNode block : view.path("blocks")) {
      if ("input".equals(block.path("type").asText())) {
        return Optional.of(block.path("element").path("action_id").asText());
      }
    }
    return Optional.empty();
  }

  static String title(JsonNode view) {
    return view.path("title").path("text").asText();
  }

  /**
   * Opens the challenge with the shortcut and answers the small pack's first two questions right, up to its typed
   * question. Returns the modal's view id.
   */
  String toTypedQuestion(String userId) {
    interact(payloads.globalShortcut(userId, ChallengeFlow.SHORTCUT_CALLBACK));
    String viewId = lastModal().path("id").asText();
    press(userId, modal(viewId), "Start");
    for (int i = 0; i < 2; i++) {
      press(userId, modal(viewId), "The right one");
      press(userId, modal(viewId), "Next question");
    }
    return viewId;
  }

  /** Opens the challenge from the shortcut and plays a perfect run of the small pack; returns the summary view. */
  JsonNode shortcutAndPerfectRun(String userId) {
    interact(payloads.globalShortcut(userId, ChallengeFlow.SHORTCUT_CALLBACK));
    return playPerfectRun(userId, lastModal().path("id").asText(), "The right one", "42");
  }

  /**
   * Plays a whole run from the open modal: Start, then the right choice (labelled {@code rightLabel}) or the
   * typed {@code typed} answer, then Next, until the summary shows. Returns the summary view.
   */
  JsonNode playPerfectRun(String userId, String viewId, String rightLabel, String typed) {
    for (int step = 0; step < 40; step++) {
      JsonNode view = modal(viewId);
      if ("Your results".equals(title(view))) {
        return view;
      }
      Optional<String> input = typedInput(view);
      if (button(view, "Start").isPresent()) {
        press(userId, view, "Start");
      } else if (input.isPresent()) {
        interact(payloads.typedAndEntered(userId, view, input.get(), typed));
      } else if (button(view, rightLabel).isPresent()) {
        press(userId, view, rightLabel);
      } else if (button(view, "Next question").isPresent()) {
        press(userId, view, "Next question");
      } else {
        throw new AssertionError("nothing to press in " + view);
      }
    }
    throw new AssertionError("the run did not end in 40 presses");
  }

  /**
   * Runs {@code /warmup <text>} as {@code userId} in {@code channelId}, checks it was acknowledged with an empty
   * body, and returns the private answer the bot then posted to the command's response_url.
   */
  String answerLater(String userId, String channelId, String text) {
    return answerCallLater(userId, channelId, text).params().get("text");
  }

  /** As {@link #answerLater}, the whole message the bot posted to the response_url (its text and blocks). */
  FakeSlackApi.Call answerCallLater(String userId, String channelId, String text) {
    Map<String, String> fields = payloads.slashCommand(userId, channelId, text);
    HttpResponse<String> ack = slack.send(slack.command(fields));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(ack.body()).isEmpty();
    FakeSlackApi.Call answer = api.awaitCall(FakeSlackApi.RESPONSE_URL,
        call -> fields.get("response_url").equals(call.params().get("response_url")), await());
    assertThat(answer.ok()).as(answer.error()).isTrue();
    assertThat(answer.params().getOrDefault("response_type", "ephemeral")).isEqualTo("ephemeral");
    return answer;
  }

  /** The message a response_url call showed, as members see it now (replaced since, maybe). */
  JsonNode message(FakeSlackApi.Call call) {
    String id = call.response().path("message_id").asText();
    return api.message(id).orElseThrow(() -> new AssertionError("no message " + id + ":" + api.summary()));
  }

  /**
   * Presses the button with {@code actionId} on the private message {@code message} (in {@code channelId}) as
   * {@code userId}, expects Slack's 200 acknowledgement, and returns what the bot then posted to the press's
   * response_url.
   */
  FakeSlackApi.Call pressOnMessage(String userId, String channelId, JsonNode message, String actionId) {
    String payload = payloads.pressOnMessage(userId, channelId, message, actionId);
    String responseUrl = json(payload).path("response_url").asText();
    acknowledge(payload);
    return api.awaitCall(FakeSlackApi.RESPONSE_URL, call -> responseUrl.equals(call.params().get("response_url")),
        await());
  }

  /** The labels of the buttons in a view or message, in order. */
  static List<String> buttonLabels(JsonNode view) {
    List<String> labels = new ArrayList<>();
    for (JsonNode block : view.path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("button".equals(element.path("type").asText())) {
          labels.add(element.path("text").path("text").asText());
        }
      }
    }
    return labels;
  }

  /** The action ids of the buttons in a view or message, in order. */
  static List<String> buttonIds(JsonNode view) {
    List<String> ids = new ArrayList<>();
    for (JsonNode block : view.path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if ("button".equals(element.path("type").asText())) {
          ids.add(element.path("action_id").asText());
        }
      }
    }
    return ids;
  }

  static JsonNode json(String payload) {
    try {
      return new ObjectMapper().readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + payload, e);
    }
  }

  static Duration await() {
    return Duration.ofSeconds(10);
  }

  @Override
  public void close() {
    bot.close();
    api.close();
  }
}
