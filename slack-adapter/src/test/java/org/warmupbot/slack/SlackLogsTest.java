package org.warmupbot.slack;

import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.PackReloader;

import org.warmupbot.core.testing.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/** No log line, nor the message or cause of a logged error, ever shows a token or the signing secret. */
final class SlackLogsTest {

  @Test
  void httpMode_logLines_neverContainTheBotTokenOrTheSigningSecret() {
    List<ILoggingEvent> events;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack")) {
      try (SlackHarness h = new SlackHarness(TestPacks.small())) {
        h.interact(h.payloads.globalShortcut("U0MEMBER", ChallengeFlow.SHORTCUT_CALLBACK));
        h.slack.send(h.slack.forged(h.slack.interactive(
            h.payloads.globalShortcut("U0MEMBER", ChallengeFlow.SHORTCUT_CALLBACK))));
        h.api.failWith("views.open", "invalid_auth");
        h.interact(h.payloads.globalShortcut("U0OTHER", ChallengeFlow.SHORTCUT_CALLBACK));
      }
      events = logs.events();
    }

    assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("listening for signed requests"))
        .anyMatch(m -> m.contains("Refused a request to the Slack endpoint"))
        .anyMatch(m -> m.contains("Slack refused to open the challenge modal") && m.contains("invalid_auth"));
    assertNoSecret(events, SlackHarness.BOT_TOKEN, SlackHarness.SECRET);
  }

  @Test
  void socketMode_withAWrongAppToken_throwsWithoutAnyToken_andTheSdkLogsNoErrorOfItsOwn() {
    String appToken = "xapp-1-A0WRONG-secretpart";
    List<ILoggingEvent> events;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.slack");
        FakeSlackApi api = FakeSlackApi.start(SlackHarness.BOT_TOKEN, SlackHarness.TEAM, Clock.systemUTC())) {
      api.socketMode("xapp-1-the-right-one", "ws://127.0.0.1:9/unused");
      var catalog = TestPacks.catalogOf(TestPacks.small());
      InMemoryStore store = new InMemoryStore();
      SlackSettings settings = SlackSettings.socketMode(SlackHarness.BOT_TOKEN, appToken).withApiUrl(api.methodsUrl());
      try (SlackBot bot = new SlackBot(settings, catalog, Clock.systemUTC(), AckObserver.NONE, PackReloader.NONE)) {
        ChallengeEngine engine = ChallengeEngine.builder(catalog, MutableClock.atMondayMorning()).build();
        Leaderboards boards = new Leaderboards(store, Clock.systemUTC(), ZoneOffset.UTC);
        assertThatThrownBy(() -> bot.start(engine, boards, store, null))
            .satisfies(e -> assertThat(messages(e)).doesNotContain(appToken, "secretpart", SlackHarness.BOT_TOKEN));
      }
      events = logs.events();
    }

    assertThat(events).as("the SDK's team lookup sent the app token to auth.test and logged Slack's invalid_auth at"
        + " ERROR, as if the bot token were wrong; the bot's exception is the one reason").noneMatch(
            event -> event.getLevel() == Level.ERROR);
    assertNoSecret(events, appToken, "secretpart", SlackHarness.BOT_TOKEN);
  }

  private static void assertNoSecret(List<ILoggingEvent> events, String... secrets) {
    for (ILoggingEvent event : events) {
      List<String> texts = new ArrayList<>();
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
        texts.add(String.valueOf(cause.getMessage()));
      }
      assertThat(texts).as("log line of %s", event.getLoggerName())
          .allSatisfy(text -> assertThat(text).doesNotContain(secrets));
    }
  }

  /** The messages of an exception and all its causes. */
  private static String messages(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      text.append(cause).append('\n');
    }
    return text.toString();
  }
}
