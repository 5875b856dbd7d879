package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;
import org.warmupbot.slack.testing.FakeSocketModeServer;
import org.warmupbot.slack.testing.SlackPayloads;

/** Socket Mode end to end: apps.connections.open on the fake API, then a loopback WebSocket playing Slack. */
final class SlackSocketModeTest {
  private static final String APP_TOKEN = "xapp-1-test";

  @Test
  void socketMode_connectsWithAppToken_andOpensTheModalFromAnEnvelope() throws Exception {
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC());
        FakeSocketModeServer socket = FakeSocketModeServer.begin()) {
      SlackBot bot = startedOnSocket(api, socket);
      try (bot) {
        assertThat(socket.awaitConnection(Duration.ofSeconds(10))).isTrue();
        // Bolt asks for a URL when it builds the client and again when it connects: both must succeed.
        assertThat(api.calls("apps.connections.open")).isNotEmpty().allMatch(FakeSlackApi.Call::ok);
        SlackPayloads payloads = new SlackPayloads(api, Clock.systemUTC());
        String envelope =
            socket.sendEnvelope("interactive", payloads.globalShortcut("U0MEMBER", ChallengeFlow.SHORTCUT_CALLBACK));

        JsonNode ack = socket.awaitAck(envelope, Duration.ofSeconds(10));
        assertThat(ack.path("envelope_id").asText()).isEqualTo(envelope);
        FakeSlackApi.Call opened = api.awaitCall("views.open", FakeSlackApi.Call::ok, Duration.ofSeconds(10));
        assertThat(opened.visibleText()).contains("Small Pack");

        // Presses and a typed answer over the socket: parsed by the bot's own parser, acknowledged by envelope.
        String viewId = opened.response().path("view").path("id").asText();
        for (String label : List.of("Start", "The right one", "Next question", "The right one", "Next question")) {
          pressOverSocket(socket, api, payloads, viewId, label);
        }
        JsonNode typed = api.view(viewId).orElseThrow();
        String input = SlackHarness.typedInput(typed).orElseThrow();
        String submission = socket.sendEnvelope("interactive", payloads.viewSubmission(
            "U0MEMBER", typed, Map.of(SlackViews.ANSWER_BLOCK, Map.of(input, "42"))));
        JsonNode answered = socket.awaitAck(submission, Duration.ofSeconds(10));
        assertThat(answered.path("payload").path("response_action").asText()).isEqualTo("update");
        assertThat(answered.path("payload").path("view").toString()).contains("challenge complete");

        // An Events API envelope: the member opens App Home and sees the run just finished.
        String homeOpened = socket.sendEnvelope("events_api", payloads.appHomeOpened("U0MEMBER"));
        assertThat(socket.awaitAck(homeOpened, Duration.ofSeconds(10)).path("envelope_id").asText())
            .isEqualTo(homeOpened);
        FakeSlackApi.Call home = api.awaitCall("views.publish", FakeSlackApi.Call::ok, Duration.ofSeconds(10));
        assertThat(home.visibleText()).contains("<@U0MEMBER>");

        String command = socket.sendCommand(payloads.slashCommand("U0MEMBER", "C0STUDY", "help"));
        assertThat(socket.awaitAck(command, Duration.ofSeconds(10)).toString()).contains("/warmup leaderboard [pack]")
            .contains("`/warmup admin` (workspace admins)"); // review 11: the README says help lists the rest
        assertThat(bot.connected()).isTrue();
      }
      assertThat(bot.connected()).isFalse();
    }
  }

  @Test
  void socketMode_withAWrongAppToken_failsToStartWithAClearError() {
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC())) {
      api.socketMode(APP_TOKEN, "ws://127.0.0.1:9/unused");

      assertThat(failedStart(
          SlackSettings.socketMode(SlackHarness.BOT_TOKEN, "xapp-wrong").withApiUrl(api.methodsUrl())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("could not start the Slack bot: Slack refused the app-level token (apps.connections.open:"
              + " invalid_auth); check SLACK_APP_TOKEN: an app-level token with the connections:write scope, which"
              + " starts with xapp- (Basic Information, App-Level Tokens)");
    }
  }

  /** Review 11: any error of apps.connections.open was put down to the token, Slack's own failures too. */
  @Test
  void socketMode_whenSlackFailsOnItsSide_withTheRightAppToken_doesNotBlameTheToken() {
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC())) {
      api.socketMode(APP_TOKEN, "ws://127.0.0.1:9/unused");
      api.failWith("apps.connections.open", "internal_error");

      assertThat(failedStart(SlackSettings.socketMode(SlackHarness.BOT_TOKEN, APP_TOKEN).withApiUrl(api.methodsUrl())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("could not start the Slack bot: Slack did not open a Socket Mode connection"
              + " (apps.connections.open: internal_error); try again in a minute, and see status.slack.com if it"
              + " goes on");
    }
  }

  /**
   * Review 11: envelopes ran one at a time on the WebSocket's thread, so a member whose open waited on the store
   * for the workspace's settings held every other member's envelope behind it, past Slack's 3 seconds (three
   * shortcuts at once with the store slow: acknowledged after 1.6, 3.1 and 4.6 s). They run on a pool now.
   */
  @Test
  void anEnvelopeWhoseHandlerWaits_doesNotHoldTheNextOneBehindIt() throws Exception {
    CountDownLatch readStarted = new CountDownLatch(1);
    CountDownLatch readMayFinish = new CountDownLatch(1);
    FaultyStore store = new FaultyStore(new InMemoryStore());
    store.nextSettingsRead.set(() -> {
      readStarted.countDown();
      try {
        readMayFinish.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC());
        FakeSocketModeServer socket = FakeSocketModeServer.begin();
        SlackBot bot = startedOnSocket(api, socket, store)) {
      assertThat(socket.awaitConnection(Duration.ofSeconds(10))).isTrue();
      SlackPayloads payloads = new SlackPayloads(api, Clock.systemUTC());

      String waiting =
          socket.sendEnvelope("interactive", payloads.globalShortcut("U0ONE", ChallengeFlow.SHORTCUT_CALLBACK));
      assertThat(readStarted.await(10, TimeUnit.SECONDS)).as("the first open waits on the store").isTrue();
      String next = socket.sendCommand(payloads.slashCommand("U0TWO", "C0STUDY", "help"));

      assertThat(socket.awaitAck(next, Duration.ofSeconds(10)).toString()).contains("/warmup leaderboard [pack]");
      assertThat(socket.acked(waiting)).as("the first is still waiting: the second did not queue behind it").isFalse();
      readMayFinish.countDown();
      socket.awaitAck(waiting, Duration.ofSeconds(10));
    } finally {
      readMayFinish.countDown();
    }
  }

  /** A bot on the small pack in Socket Mode on {@code socket}, started; runs are recorded, badges granted. */
  private static SlackBot startedOnSocket(FakeSlackApi api, FakeSocketModeServer socket) {
    return startedOnSocket(api, socket, new InMemoryStore());
  }

  private static SlackBot startedOnSocket(FakeSlackApi api, FakeSocketModeServer socket, ResultStore store) {
    var catalog = TestPacks.catalogOf(TestPacks.small());
    api.socketMode(APP_TOKEN, socket.url());
    SlackSettings settings = SlackSettings.socketMode(SlackHarness.BOT_TOKEN, APP_TOKEN).withApiUrl(api.methodsUrl());
    SlackBot bot = new SlackBot(settings, catalog, Clock.systemUTC(), AckObserver.NONE, PackReloader.NONE);
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.SLACK, bot.badgeGranter(store)), Runnable::run);
    ChallengeEngine engine = ChallengeEngine.builder(catalog, MutableClock.atMondayMorning())
        .recorder(recorder).scheduler(Scheduler.disabledScheduler()).executor(Runnable::run).build();
    try {
      bot.start(engine, new Leaderboards(store, Clock.systemUTC(), ZoneOffset.UTC), store, recorder);
    } catch (RuntimeException e) {
      bot.close();
      throw e;
    }
    return bot;
  }

  /** Starts a bot on {@code settings}, expecting it to fail: the failure (null if none); never connected. */
  private static Throwable failedStart(SlackSettings settings) {
    var catalog = TestPacks.catalogOf(TestPacks.small());
    InMemoryStore store = new InMemoryStore();
    try (SlackBot bot = new SlackBot(settings, catalog, Clock.systemUTC(), AckObserver.NONE, PackReloader.NONE)) {
      ChallengeEngine engine = ChallengeEngine.builder(catalog, MutableClock.atMondayMorning()).build();
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
          () -> bot.start(engine, new Leaderboards(store, Clock.systemUTC(), ZoneOffset.UTC), store, null));
      assertThat(bot.connected()).isFalse();
      return failure;
    }
  }

  /** Presses the button labelled {@code label} on the modal over the socket, and waits for the modal's update. */
  private static void pressOverSocket(FakeSocketModeServer socket, FakeSlackApi api, SlackPayloads payloads,
      String viewId, String label) throws InterruptedException {
    JsonNode view = api.view(viewId).orElseThrow();
    String action = SlackHarness.button(view, label)
        .orElseThrow(() -> new AssertionError("no button '" + label + "' in " + view.path("blocks")));
    int updates = api.calls("views.update").size();
    String envelope = socket.sendEnvelope("interactive", payloads.press("U0MEMBER", view, action));
    assertThat(socket.awaitAck(envelope, Duration.ofSeconds(10)).path("envelope_id").asText()).isEqualTo(envelope);
    FakeSlackApi.Call update = api.awaitCalls("views.update", updates + 1, Duration.ofSeconds(10)).get(updates);
    assertThat(update.ok()).as(update.response().toString()).isTrue();
  }

  @Test
  void socketModeAcknowledgements_carryTheAppsJson_orItsTextAsText_orNothingButTheEnvelopeId() {
    Response json = Response.json(200, "{\"response_action\":\"update\"}");
    Response text = Response.builder().statusCode(200).contentType("text/plain; charset=utf-8").body("Hello")
        .build();
    Response empty = Response.ok();

    assertThat(SocketModeEndpoint.answer("e1", json).toString())
        .isEqualTo("{\"envelope_id\":\"e1\",\"payload\":{\"response_action\":\"update\"}}");
    assertThat(SocketModeEndpoint.answer("e2", text).toString())
        .isEqualTo("{\"envelope_id\":\"e2\",\"payload\":{\"text\":\"Hello\"}}");
    assertThat(SocketModeEndpoint.answer("e3", empty).toString()).isEqualTo("{\"envelope_id\":\"e3\"}");
  }

  @Test
  void aSlackThatCannotBeReached_failsToStart_sayingWhatToCheck_notThatTheTokenIsWrong() {
    SlackSettings settings = SlackSettings.socketMode(SlackHarness.BOT_TOKEN, APP_TOKEN)
        .withApiUrl("http://127.0.0.1:9/api/"); // the discard port: nothing listens there

    try (CapturedLogs logs = new CapturedLogs("com.slack")) {
      assertThat(failedStart(settings))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Slack could not be reached at http://127.0.0.1:9/api/")
          .hasMessageContaining("Failed to connect").hasMessageContaining("WARMUP_SLACK_API_URL")
          .hasMessageNotContaining("token");
      assertThat(logs.events()).as("the reason is the bot's one line: no stack trace from the SDK before it")
          .noneMatch(event -> event.getLevel() == Level.ERROR || event.getThrowableProxy() != null);
    }
  }

  @Test
  void aBotTokenSlackRefuses_failsToStart_namingSlacksErrorAndTheSetting() {
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC())) {
      assertThat(failedStart(SlackSettings.socketMode("xoxb-revoked", APP_TOKEN).withApiUrl(api.methodsUrl())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("could not start the Slack bot: Slack refused the bot token (auth.test: invalid_auth); check "
              + "SLACK_BOT_TOKEN: the app's Bot User OAuth Token, which starts with xoxb-");
    }
  }

  @Test
  void afterSlackAsksForANewConnection_envelopesOnItAreStillAnswered() throws Exception {
    try (FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC());
        FakeSocketModeServer socket = FakeSocketModeServer.begin();
        SlackBot bot = startedOnSocket(api, socket)) {
      assertThat(socket.awaitConnection(Duration.ofSeconds(10))).isTrue();
      int urlsAskedFor = api.calls("apps.connections.open").size();

      socket.sendDisconnect();

      assertThat(socket.awaitConnections(2, Duration.ofSeconds(10))).as("a second connection").isTrue();
      assertThat(api.calls("apps.connections.open")).as("a new URL asked for").hasSizeGreaterThan(urlsAskedFor);
      SlackPayloads payloads = new SlackPayloads(api, Clock.systemUTC());
      String envelope =
          socket.sendEnvelope("interactive", payloads.globalShortcut("U0MEMBER", ChallengeFlow.SHORTCUT_CALLBACK));
      assertThat(socket.awaitAck(envelope, Duration.ofSeconds(10)).path("envelope_id").asText()).isEqualTo(envelope);
      assertThat(api.awaitCall("views.open", FakeSlackApi.Call::ok, Duration.ofSeconds(10)).visibleText())
          .contains("Small Pack");
    }
  }
}
