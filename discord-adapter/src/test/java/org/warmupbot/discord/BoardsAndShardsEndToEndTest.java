package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** Leaderboards with paging, two shards, and the fake refusing what Discord refuses. */
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
  void leaderboard_showsTopTenPagesOnAndTheCallersRank() {
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

    Interaction bobs = h.fake.pressLabel(Harness.BOB, page1, "Next");
    assertThat(h.fake.awaitShown(bobs).text()).contains("Start your own with /warmup");

    Interaction next = h.fake.pressLabel(Harness.ALICE, page1, "Next");
    Message page2 = h.fake.awaitShown(next, m -> m.text().contains("Page 2 of 2"));
    assertThat(page2.text()).contains("**11.**", "**12.** <@" + Harness.ALICE + ">", "← you");
    assertThat(page2.hasButton("Previous")).isTrue();
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

  @Test
  void fake_refusesLateSecondOversizedAndExpiredResponses() {
    h = new Harness(1, FakeGuild.BASIC).start();
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
