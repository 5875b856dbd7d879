package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.MemberPace;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** Leaderboards with paging, profiles, two shards, and the fake refusing what Discord refuses. */
final class BoardsAndShardsEndToEndTest {
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void seedRuns(int members) {
    for (int i = 1; i <= members; i++) {
      long user = i == 12 ? Harness.ALICE : 60_000_000_000_000_000L + i;
      h.store.save(new FinishedRun("run-" + i, h.player(user), "small", "v1", List.of(), 1000 - i * 10,
          Duration.ofSeconds(60 + i), h.clock.instant(), false));
    }
  }

  @Test
  void leaderboard_showsTopTenPagesOnAndTheCallersPlaceAndOthersPageItPrivately() {
    h = new Harness(1, FakeGuild.BASIC).start();
    seedRuns(12);
    Interaction call = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup-leaderboard",
        FakeDiscord.options("period", 3, "all-time"), DataObject.empty());
    Message page1 = h.fake.awaitShown(call, m -> !m.deferred());
    assertThat(page1.text()).contains("**1.**", "**10.**", "Your place", "**11.**", "**12.** <@" + Harness.ALICE
        + "> — 880 pts · 1:12  ← you", "Page 1 of 2 · 12 members");
    assertThat(page1.buttons()).extracting(Message.ButtonView::label)
        .containsExactly("My page", "Next", "This week");
    assertThat(call.responseType()).isEqualTo(5);

    assertPingsNobody(call);

    Interaction bobs = h.fake.pressLabel(Harness.BOB, page1, "Next");
    Message bobsPage = h.fake.awaitShown(bobs, m -> !m.deferred());
    assertThat(bobs.responseType()).isEqualTo(5);
    assertThat(bobsPage.ephemeral()).isTrue();
    assertThat(bobsPage.text()).contains("**11.**", "Page 2 of 2", "You have no run on this board yet.")
        .doesNotContain("← you");
    assertThat(bobsPage.buttons()).allMatch(b -> b.customId().startsWith(Harness.BOB + "|"));
    assertThat(h.fake.message(page1.id()).version()).isEqualTo(page1.version());

    Interaction next = h.fake.pressLabel(Harness.ALICE, page1, "Next");
    Message page2 = h.fake.awaitShown(next, m -> m.text().contains("Page 2 of 2"));
    assertThat(page2.text()).contains("**11.**", "**12.** <@" + Harness.ALICE + ">", "← you");
    assertThat(page2.hasButton("Previous")).isTrue();
  }

  /**
   * Review 10: "My page" carried the page of the board's owner, so another member pressing it on the public board
   * was shown the owner's page. It leads whoever presses it to the page that lists them.
   */
  @Test
  void myPage_onAnotherMembersBoard_leadsThePresserToTheirOwnPage() {
    h = new Harness(1, FakeGuild.BASIC).start();
    seedRuns(24);
    h.store.save(new FinishedRun("run-bob", h.player(Harness.BOB), "small", "v1", List.of(), 10,
        Duration.ofSeconds(300), h.clock.instant(), false)); // 25th: page 3
    Interaction call = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup-leaderboard",
        FakeDiscord.options("period", 3, "all-time"), DataObject.empty());
    Message alices = h.fake.awaitShown(call, m -> !m.deferred());

    Message bobsPage = h.fake.awaitShown(h.fake.pressLabel(Harness.BOB, alices, "My page"), m -> !m.deferred());
    Message alicesPage = h.fake.awaitShown(h.fake.pressLabel(Harness.ALICE, alices, "My page"),
        m -> m.text().contains("Page 2 of 3"));

    assertThat(bobsPage.ephemeral()).isTrue();
    assertThat(bobsPage.text()).contains("Page 3 of 3", "**25.** <@" + Harness.BOB + ">").doesNotContain("Your place");
    assertThat(alicesPage.text()).contains("**12.** <@" + Harness.ALICE + ">").doesNotContain("Your place");
  }

  /**
   * Review 10 (abuse): boards share a small pool with every server's run writes; one member asking as fast as a
   * script delayed everyone. Past 20 in 10 seconds a member is asked to wait; others are not, and the next window
   * serves them again.
   */
  @Test
  void boardsAskedFasterThanAPersonWould_areRefusedForAWhile_onlyForThatMember() {
    h = new Harness(1, FakeGuild.BASIC).start();
    seedRuns(3);
    for (int i = 0; i < MemberPace.REQUESTS; i++) {
      assertThat(leaderboard(Harness.ALICE).text()).as("board %d", i + 1).contains("**1.**");
    }

    Message refused = leaderboard(Harness.ALICE);
    Message bobs = leaderboard(Harness.BOB);
    h.clock.advance(MemberPace.WINDOW);
    Message later = leaderboard(Harness.ALICE);

    assertThat(refused.text()).isEqualTo(MemberPace.SLOW_DOWN);
    assertThat(refused.ephemeral()).isTrue();
    assertThat(bobs.text()).contains("**1.**");
    assertThat(later.text()).contains("**1.**");
  }

  private Message leaderboard(long user) {
    Interaction call = h.fake.slash(Harness.GUILD, h.guild.channelId(), user, "warmup-leaderboard",
        FakeDiscord.options("period", 3, "all-time"), DataObject.empty());
    return h.fake.awaitShown(call, m -> !m.deferred());
  }

  /** Every edit of the interaction's message carries allowed_mentions that let no mention notify anyone. */
  private void assertPingsNobody(Interaction call) {
    List<FakeDiscord.Recorded> edits = h.fake.requests("PATCH", call.token());
    assertThat(edits).isNotEmpty().allSatisfy(edit -> {
      DataObject allowed = edit.body().getObject("allowed_mentions");
      assertThat(allowed.getArray("parse").length()).isZero();
      assertThat(allowed.optArray("users").map(DataArray::length).orElse(0)).isZero();
    });
  }

  @Test
  void weeklyBoard_leavesOutRunsBeforeMonday() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Instant lastSunday = h.clock.instant().minus(Duration.ofDays(1));
    h.store.save(new FinishedRun("old", h.player(Harness.BOB), "small", "v1", List.of(), 990,
        Duration.ofSeconds(30), lastSunday, false));
    h.store.save(new FinishedRun("new", h.player(Harness.ALICE), "small", "v1", List.of(), 500,
        Duration.ofSeconds(50), h.clock.instant(), false));

    Message week = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE,
        "warmup-leaderboard"), m -> !m.deferred());
    assertThat(week.text()).contains("this week", "**1.** <@" + Harness.ALICE + ">").doesNotContain("" + Harness.BOB);
    Message allTime = h.fake.awaitShown(h.fake.pressLabel(Harness.ALICE, week, "All time"),
        m -> m.text().contains("all time")); // deferred, then edited from the store
    assertThat(allTime.text()).contains("**1.** <@" + Harness.BOB + ">", "**2.** <@" + Harness.ALICE + ">");
  }

  @Test
  void profile_showsRunsStreakBestScoreBadgeAndRatesPrivately() {
    h = new Harness(1, FakeGuild.BASIC).start();
    Instant yesterday = h.clock.instant().minus(Duration.ofDays(1));
    h.store.save(new FinishedRun("r1", h.player(Harness.ALICE), "small", "v1", List.of(
        result("q1", "Conceptual", true), result("q2", "Metrics", false)), 500, Duration.ofSeconds(100),
        yesterday, false));
    h.store.save(new FinishedRun("r2", h.player(Harness.ALICE), "small", "v1", List.of(
        result("q1", "Conceptual", true), result("q2", "Metrics", true)), 900, Duration.ofSeconds(70),
        h.clock.instant(), true));
    h.store.saveBadge(new BadgeAward(h.player(Harness.ALICE), "small", "Small Master", h.clock.instant(),
        new GrantStatus.Granted()));

    Interaction own = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup-profile");
    Message profile = h.fake.awaitShown(own, m -> !m.deferred());
    assertThat(own.responseType()).isEqualTo(5);
    assertThat(profile.ephemeral()).isTrue();
    assertThat(profile.text()).contains("<@" + Harness.ALICE + ">", "Runs: 2", "Daily streak: 2 days",
        "🏅 Small Master (Small Pack)", "Small Pack: 900 points in 1:10", "Conceptual: 2 of 2 (100%)",
        "Metrics: 1 of 2 (50%)");
    assertPingsNobody(own);

    Interaction bobAsks = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB, "warmup-profile",
        FakeDiscord.options("member", 6, Long.toString(Harness.ALICE)), h.guild.resolvedMember(Harness.ALICE));
    assertThat(h.fake.awaitShown(bobAsks, m -> !m.deferred()).text()).contains("<@" + Harness.ALICE + ">", "Runs: 2");
    Message empty = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB,
        "warmup-profile"), m -> !m.deferred());
    assertThat(empty.text()).contains("<@" + Harness.BOB + ">", "No finished runs yet.");
  }

  private static QuestionResult result(String questionId, String category, boolean correct) {
    return new QuestionResult(questionId, category, correct, 1, false, Duration.ofSeconds(20), correct ? 100 : 0);
  }

  @Test
  void twoShards_eachServesItsOwnGuilds() {
    h = new Harness(2, FakeGuild.BASIC);
    long otherGuild = Harness.GUILD + (1L << 22); // the other shard: (id >> 22) % 2 differs
    FakeGuild other = h.fake.addGuild(otherGuild, FakeGuild.BASIC);
    assertThat(h.fake.shardOf(otherGuild)).isNotEqualTo(h.fake.shardOf(Harness.GUILD));
    h.start();
    assertThat(h.bot.shardCount()).isEqualTo(2);

    Message first = h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup"));
    Message second = h.fake.awaitShown(h.fake.slash(otherGuild, other.channelId(), Harness.BOB, "warmup"));
    assertThat(first.text()).contains("Small Pack");
    assertThat(second.text()).contains("Small Pack");
  }

  /**
   * Two processes share a bot's two shards (discord.shardIds): each connects its own shard only and answers the
   * guilds Discord routes to it. Every process used to connect every shard.
   */
  @Test
  void processesWithTheirOwnShardIds_eachConnectOnlyTheirShardAndServeItsGuilds() {
    h = new Harness(2, FakeGuild.BASIC); // the fake, its guild on one shard, and a bot of its own for the commands
    long otherGuild = Harness.GUILD + (1L << 22);
    FakeGuild other = h.fake.addGuild(otherGuild, FakeGuild.BASIC);
    int otherShard = h.fake.shardOf(otherGuild);
    InMemoryStore store = new InMemoryStore();
    DiscordBot second = new DiscordBot(new DiscordSettings("fake-token", 2, null, h.fake.restBaseUrl(), null,
        Long.toString(FakeDiscord.APPLICATION_ID), Set.of(otherShard)), h.catalog, store, h.clock, ZoneOffset.UTC,
        AckObserver.NONE, PackReloader.NONE);
    try {
      RunRecorder recorder = new RunRecorder(store, Map.of(), Runnable::run);
      second.start(ChallengeEngine.builder(h.catalog, h.clock).recorder(recorder).build(), recorder);
      h.fake.await("the second process's shard", () -> second.connected(), c -> c);
      assertThat(second.shardIds()).containsExactly(otherShard);
      assertThat(second.shardCount()).isEqualTo(2);
      assertThat(h.fake.connectedShardIds()).containsExactly(otherShard);

      DiscordBot first = new DiscordBot(new DiscordSettings("fake-token", 2, null, h.fake.restBaseUrl(), null,
          Long.toString(FakeDiscord.APPLICATION_ID), Set.of(1 - otherShard)), h.catalog, store, h.clock,
          ZoneOffset.UTC, AckObserver.NONE, PackReloader.NONE);
      try {
        RunRecorder firstRecorder = new RunRecorder(store, Map.of(), Runnable::run);
        first.start(ChallengeEngine.builder(h.catalog, h.clock).recorder(firstRecorder).build(), firstRecorder);
        h.fake.await("both shards", () -> first.connected() && h.fake.connectedShardIds().size() == 2, c -> c);
        h.fake.await("the global commands", () -> h.fake.registeredCommands().get("global"), c -> true);
        assertThat(first.shardIds()).containsExactly(1 - otherShard);

        assertThat(h.fake.awaitShown(h.fake.slash(otherGuild, other.channelId(), Harness.BOB, "warmup")).text())
            .contains("Small Pack");
        assertThat(h.fake.awaitShown(h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup"))
            .text()).contains("Small Pack");
      } finally {
        first.close();
      }
    } finally {
      second.close();
    }
  }

  @Test
  void fake_refusesLateSecondOversizedAndExpiredResponses() {
    h = new Harness(1, FakeGuild.BASIC).start();
    h.expectRefusals(request -> true); // every refusal here is this test's own doing
    Interaction late = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");
    h.fake.awaitShown(late);
    var http = java.net.http.HttpClient.newHttpClient();
    java.util.function.BiFunction<String, String, Integer> post = (path, body) -> {
      try {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.fake.restBaseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    String callback = "interactions/" + late.id() + "/" + late.token() + "/callback";
    assertThat(post.apply(callback, "{\"type\":4,\"data\":{\"content\":\"again\"}}")).isEqualTo(400);
    assertThat(h.fake.requests().get(h.fake.requests().size() - 1).answer()).contains("40060");

    Interaction fresh = h.fake.autocomplete(Harness.GUILD, 0, Harness.ALICE, "warmup", "pack", "sm");
    h.fake.await("autocomplete", fresh::autocomplete, a -> a.length() == 1);
    String webhook = "webhooks/" + FakeDiscord.APPLICATION_ID + "/" + late.token();
    assertThat(post.apply(webhook, "{\"content\":\"" + "x".repeat(2001) + "\"}")).isEqualTo(400);
    assertThat(h.fake.requests().get(h.fake.requests().size() - 1).answer()).contains("50035");

    h.fake.advance(Duration.ofMinutes(16));
    assertThat(post.apply(webhook, "{\"content\":\"late\"}")).isEqualTo(401);
    h.fake.ageNextInteraction(Duration.ofSeconds(4));
    Interaction tooLate = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.ALICE, "warmup");
    h.fake.await("JDA's answer to the late interaction", () -> h.fake.requests("POST", tooLate.token()), r -> !r.isEmpty());
    assertThat(h.fake.requests("POST", tooLate.token()).get(0).answer()).contains("10062");
    assertThat(tooLate.responded()).isFalse();
  }
}
