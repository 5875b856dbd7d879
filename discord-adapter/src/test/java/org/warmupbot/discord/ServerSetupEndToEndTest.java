package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** What an admin sets up, and how the bot registers itself and logs. */
final class ServerSetupEndToEndTest {
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void warmupInAChannelNotAllowed_isRefusedPrivatelyAndNamesTheAllowedOnes() {
    h = new Harness(1, FakeGuild.BASIC);
    long quiz = h.guild.addChannel();
    h.start();
    String answer = h.admin("allow-channel", FakeDiscord.options("channel", 7, Long.toString(quiz)),
        h.guild.resolvedChannel(quiz));
    assertThat(answer).contains("Allowed <#" + quiz + ">");

    Interaction elsewhere = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");
    Message refusal = h.fake.awaitShown(elsewhere);
    assertThat(elsewhere.responseType()).isEqualTo(4);
    assertThat(refusal.ephemeral()).isTrue();
    assertThat(refusal.text()).isEqualTo("Challenges run in <#" + quiz + "> on this server.");
    assertThat(h.engine.liveSessions()).isZero();

    Message allowed = h.fake.awaitShown(h.fake.slash(Harness.GUILD, quiz, Harness.ALICE, "warmup"));
    assertThat(allowed.text()).contains("Small Pack");
  }

  /** A server that allows challenges in {@code count} channels (not the guild's own), with {@code multiplier}. */
  private Set<String> startWithChannelsAllowed(int count, double multiplier) {
    h = new Harness(1, FakeGuild.BASIC);
    Set<String> allowed = new HashSet<>();
    for (int i = 0; i < count; i++) {
      allowed.add(Long.toString(h.fake.snowflake()));
    }
    h.store.saveSettings(h.tenant(), new TenantSettings(Map.of(), null, allowed, multiplier));
    h.start();
    return allowed;
  }

  /** Review 11: with ~90 channels allowed the refusal passed Discord's 2000 characters and was never sent. */
  @Test
  void warmupInAChannelNotAllowed_withManyChannelsAllowed_namesAsManyAsFitAndHowManyMore() {
    startWithChannelsAllowed(120, 1.0);

    Message refusal = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup"));

    assertThat(refusal.text()).startsWith("Challenges run in <#").endsWith(" more channels on this server.")
        .hasSizeLessThanOrEqualTo(2000);
    int named = refusal.text().split("<#").length - 1;
    assertThat(refusal.text()).contains(" and " + (120 - named) + " more channels");
    assertThat(named).isBetween(60, 119);
  }

  /** Review 11: the status was cut at 2000 characters, so many channels pushed out the lines after them. */
  @Test
  void status_withManyChannelsAllowed_keepsEverySettingInOneMessage() {
    startWithChannelsAllowed(120, 1.5);

    String status = h.admin("status", DataArray.empty(), DataObject.empty());

    assertThat(status).hasSizeLessThanOrEqualTo(2000)
        .containsPattern("and \\d\\d more channels\\.\n")
        .contains("• Time multiplier: 1.5", "• small: badge role not set", "No badge roles are waiting.");
  }

  /** Review 11, last pass: allowed-channels, whose one job is to list them, named only 20 of 30. */
  @Test
  void allowedChannels_namesEveryChannel_thatFitsOneMessage() {
    Set<String> allowed = startWithChannelsAllowed(30, 1.0);

    String answer = h.admin("allowed-channels", DataArray.empty(), DataObject.empty());

    assertThat(answer).startsWith("/warmup runs in <#").doesNotContain("more channel");
    allowed.forEach(channel -> assertThat(answer).contains("<#" + channel + ">"));
  }

  /**
   * Review 11: /warmup read the server's settings before answering; a read slow past Discord's 3 seconds (the
   * first of a server, a busy pool, a database being restarted) left the member with "did not respond". The reply
   * is now deferred once the read takes long, and the challenge shows when it is in.
   */
  @Test
  void warmup_whileTheSettingsReadIsSlow_isDeferredInTime_andShowsTheChallengeOnceTheReadIsIn() {
    h = new Harness(1, FakeGuild.BASIC).start();
    h.outage.nextSettingsRead.set(this::awaitADeferredReply); // the read answers only once the bot deferred

    Interaction warmup = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");

    Message intro = h.fake.awaitShown(warmup, m -> !m.deferred());
    assertThat(warmup.responseType()).as("deferred: a reply that is not the answer yet").isEqualTo(5);
    assertThat(intro.text()).contains("Small Pack");
    assertThat(h.press(Harness.ALICE, intro, "Start").text()).contains("Title of q1");
  }

  @Test
  void warmup_whileTheStoreIsDownAndItsReadSlow_tellsTheMemberThroughTheDeferredReply() {
    h = new Harness(1, FakeGuild.BASIC).start();
    h.outage.down = true;
    h.outage.nextSettingsRead.set(this::awaitADeferredReply);

    Interaction warmup = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");

    assertThat(h.fake.awaitShown(warmup, m -> !m.deferred()).text()).isEqualTo(WarmupListener.STORE_DOWN);
    assertThat(h.engine.liveSessions()).isZero();
  }

  /**
   * Review 11, last pass: the settings reads shared a queue behind two threads, so two reads stuck on the database
   * deferred every other /warmup though its own read would answer at once.
   */
  @Test
  void warmup_whoseReadIsInstant_isAnsweredAtOnce_besideTwoReadsStuckOnTheStore() throws Exception {
    h = new Harness(1, FakeGuild.BASIC).start();
    CountDownLatch storeAnswers = new CountDownLatch(1);
    try {
      for (long member : new long[] {71_000_000_000_000_021L, 71_000_000_000_000_022L}) {
        CountDownLatch started = new CountDownLatch(1);
        h.outage.nextSettingsRead.set(() -> {
          started.countDown();
          try {
            storeAnswers.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        h.fake.slash(Harness.GUILD, h.guild.channelId(), member, "warmup");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      }

      Interaction third = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");
      h.fake.await("Alice's acknowledgement", () -> third.responded() ? third : null, a -> true);

      assertThat(third.responseType()).as("4: the challenge at once, not deferred behind the stuck reads")
          .isEqualTo(4);
    } finally {
      storeAnswers.countDown();
    }
  }

  private void awaitADeferredReply() {
    h.fake.await("the bot deferring its reply", () -> h.fake.requests("POST", "/callback").stream()
        .anyMatch(r -> r.bodyText().contains("\"type\":5")), Boolean::booleanValue);
  }

  @Test
  void announceChannel_offersTextAndAnnouncementChannelsOnly() {
    h = new Harness(1, FakeGuild.BASIC).start();
    DataObject admin = named(h.fake.registeredCommands().get("global"), "warmup-admin");
    DataObject channel = named(named(admin.getArray("options"), "announce-channel").getArray("options"), "channel");
    DataArray types = channel.getArray("channel_types");
    assertThat(IntStream.range(0, types.length()).map(types::getInt)).containsExactlyInAnyOrder(0, 5);
  }

  private static DataObject named(DataArray objects, String name) {
    return IntStream.range(0, objects.length()).mapToObj(objects::getObject)
        .filter(o -> o.getString("name").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void announceChannelWhereTheBotCannotPost_isRefusedNamingTheMissingPermission() {
    h = new Harness(1, FakeGuild.VIEW_CHANNEL);
    long quiz = h.guild.addChannel();
    h.start();

    String answer = h.admin("announce-channel", FakeDiscord.options("channel", 7, Long.toString(quiz)),
        h.guild.resolvedChannel(quiz));

    assertThat(answer).isEqualTo("I cannot post in <#" + quiz + ">: I lack Send Messages there. Allow my role"
        + " View Channels and Send Messages in that channel (Edit Channel → Permissions), then run this again."
        + " Badges are still announced where they are earned.");
    assertThat(h.store.settings(h.tenant()).announcementChannel()).isNull();
  }

  /**
   * Review 10: past Discord's 15 minutes the bot cannot turn a question into "Time's up" by itself; an admin
   * stretching questions that far is told, and one who does not is told nothing.
   */
  @Test
  void timeMultiplier_thatStretchesAQuestionPastDiscords15Minutes_saysTimesUpWillWaitForTheNextPress() {
    h = new Harness(1, FakeGuild.BASIC).start();
    assertThat(h.admin("time-multiplier", FakeDiscord.options("value", 10, 4.0), DataObject.empty()))
        .as("2:00 questions: 8:00").doesNotContain("Note");
    ChallengePack small = TestPacks.small();
    h.catalog.swap(new ChallengePack(small.id(), small.title(), small.tagline(), small.badge(), small.scoring(),
        small.questions().stream().map(q -> new Question(q.id(), q.category(), q.difficulty(), q.title(),
            q.prompt(), q.code(), q.answer(), q.hint(), q.explanation(), Duration.ofMinutes(5), q.attempts()))
            .toList(), "v2"));

    assertThat(h.admin("time-multiplier", FakeDiscord.options("value", 10, 3.0), DataObject.empty()))
        .endsWith("Note: the longest questions now last 15:00. Discord lets me update a member's screen for 15"
            + " minutes after their press, so when such a question runs out, Time's up shows at their next press"
            + " rather than by itself (it still counts as a timeout).");
  }

  @Test
  void timeMultiplier_extendsTheTimeOnTheIntroAndTheCountdown() {
    h = new Harness(1, FakeGuild.BASIC).start();
    assertThat(h.admin("time-multiplier", FakeDiscord.options("value", 10, 2.0), DataObject.empty()))
        .contains("2.0 times as long");

    Message intro = h.warmup(Harness.ALICE);
    assertThat(intro.text()).contains("Time per question: 4:00");
    Message question = h.press(Harness.ALICE, intro, "Start");
    long deadline = h.clock.instant().plus(Duration.ofMinutes(4)).getEpochSecond();
    assertThat(question.text()).contains("<t:" + deadline + ":R>");

    h.clock.advance(Duration.ofMinutes(3)); // past the pack's 2:00, within the server's 4:00
    assertThat(h.press(Harness.ALICE, question, "The right one").text()).contains("Correct");
  }

  @Test
  void devGuild_getsTheCommandsAndNothingIsRegisteredGlobally() {
    h = new Harness(1, FakeGuild.BASIC, Long.toString(Harness.GUILD), "fake-token").start();
    // The guild's commands are registered once its GUILD_CREATE arrives, which may be after start returns.
    h.fake.await("the dev guild's commands", () -> h.fake.requests("PUT", "guilds/" + Harness.GUILD + "/commands"), r -> !r.isEmpty());
    assertThat(h.fake.requests("PUT", "guilds/" + Harness.GUILD + "/commands")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(h.fake.requests("PUT", "commands")).hasSize(1);
    assertThat(h.fake.registeredCommands()).containsOnlyKeys(Long.toString(Harness.GUILD));
    assertThat(h.warmup(Harness.ALICE).text()).contains("Small Pack");
  }

  @Test
  void logLines_neverContainTheToken() {
    String token = "MTEx.secret-token-value.Zz9";
    List<ILoggingEvent> events;
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.discord")) {
      h = new Harness(1, FakeGuild.BASIC, null, token).start();
      h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start");
      h.fake.ageNextInteraction(Duration.ofSeconds(4)); // Discord refuses the late reply: the bot warns
      h.expectRefusals(Harness.refusedWith(10062));
      h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB, "warmup");
      h.fake.await("the bot's warning", logs::moduleWarnings, w -> !w.isEmpty());
      h.close();
      h = null;
      events = logs.events();
    }
    assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("discord.com/oauth2/authorize"))
        .anyMatch(m -> m.contains("Discord refused the warmup response"))
        .noneMatch(m -> m.contains(token));
    assertThat(events).noneMatch(e -> e.getThrowableProxy() != null
        && String.valueOf(e.getThrowableProxy().getMessage()).contains(token));
    assertThat(new DiscordSettings(token, 0, null, null, null, "42", Set.of()).toString()).doesNotContain(token);
  }
}
