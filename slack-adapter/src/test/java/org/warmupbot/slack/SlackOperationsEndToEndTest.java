package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.testing.SwappableCatalog;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/** What operators rely on, through the real Bolt app over signed HTTP: acknowledgement times, pack reloads. */
final class SlackOperationsEndToEndTest {
  private static final String MEMBER = "U0MEMBER";
  private static final String OTHER = "U0OTHER";
  private static final String ADMIN = "U0ADMIN";
  private static final String CHANNEL = "C0STUDY";

  private final SlackHarness h = new SlackHarness(TestPacks.small());

  @AfterEach
  void close() {
    h.close();
  }

  /** Runs a slash command; returns the acknowledgement's JSON (its text is shown to the member only). */
  private JsonNode command(String userId, String text) {
    HttpResponse<String> response = h.slack.send(h.slack.command(h.payloads.slashCommand(userId, CHANNEL, text)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return new ObjectMapper().readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Test
  void everyInteraction_isReportedOnceAsAcknowledgedOnSlack_butEventsAndRefusedRequestsAreNot() {
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    JsonNode intro = h.lastModal();
    h.press(MEMBER, intro, "Start");
    command(MEMBER, "help");
    JsonNode question = h.modal(intro.path("id").asText());
    h.press(MEMBER, question, "The right one");
    assertThat(h.acks).hasSize(4);

    assertThat(h.slack.send(h.slack.event(h.payloads.appHomeOpened(MEMBER))).statusCode()).isEqualTo(200);
    assertThat(h.slack.send(h.slack.forged(h.slack.interactive(
        h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK)))).statusCode()).isEqualTo(401);

    assertThat(h.acks).hasSize(4).allSatisfy(ack -> {
      assertThat(ack.platform()).isEqualTo(Platform.SLACK);
      assertThat(ack.latency()).isPositive(); // the value itself: AckTim*Test, on an injected clock
    });
  }

  @Test
  void adminReload_answersPrivately_newRunsGetTheNewVersion_andALiveRunKeepsItsOwn() {
    h.api.admin(ADMIN);
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    String viewId = h.lastModal().path("id").asText();
    h.press(MEMBER, h.modal(viewId), "Start");
    assertThat(h.modal(viewId).toString()).contains("Title of q1");
    h.reloader = () -> {
      h.catalog.swap(SwappableCatalog.revised(TestPacks.small(), "v2"));
      return new PackReloader.Result(true, "Reloaded 1 challenge packs: small (3 questions).");
    };

    h.faulty.failSettingsReads("the results database is down"); // review 10: the reload read settings first
    String answer = h.answerLater(ADMIN, CHANNEL, "admin reload");
    h.faulty.failSettingsReads(null);

    assertThat(answer).isEqualTo("Reloaded 1 challenge packs: small (3 questions).");
    h.press(MEMBER, h.modal(viewId), "The right one");
    h.press(MEMBER, h.modal(viewId), "Next question");
    assertThat(h.modal(viewId).toString()).contains("Title of q2").doesNotContain("Revised");
    h.interact(h.payloads.globalShortcut(OTHER, ChallengeFlow.SHORTCUT_CALLBACK));
    String othersView = h.lastModal().path("id").asText();
    h.press(OTHER, h.modal(othersView), "Start");
    assertThat(h.modal(othersView).toString()).contains("Revised Title of q1");
  }

  @Test
  void reload_isRefusedToMembers_andARefusedReloadShowsItsProblemsAndKeepsThePacks() {
    h.api.admin(ADMIN);
    AtomicInteger reloads = new AtomicInteger();
    String problems = IntStream.rangeClosed(1, 300)
        .mapToObj(i -> "packs/broken-" + i + ".yaml line " + i + ": questions[0].answer is missing")
        .collect(Collectors.joining("\n"));
    h.reloader = () -> {
      reloads.incrementAndGet();
      return new PackReloader.Result(false,
          "Refused; the loaded packs stay in service.\n300 problems in challenge packs:\n" + problems);
    };

    assertThat(h.answerLater(MEMBER, CHANNEL, "admin reload")).contains("Only workspace admins");
    assertThat(reloads).hasValue(0);

    String answer = h.answerLater(ADMIN, CHANNEL, "admin reload");
    assertThat(reloads).hasValue(1);
    assertThat(answer).hasSizeLessThanOrEqualTo(SlackText.SECTION_MAX)
        .startsWith("Refused; the loaded packs stay in service.\n300 problems in challenge packs:\n")
        .contains("packs/broken-1.yaml line 1: questions[0].answer is missing")
        .containsPattern("\n… and \\d+ more problems \\(the bot's log has them all\\)\\.$")
        .doesNotContain("broken-300.yaml");
    h.interact(h.payloads.globalShortcut(MEMBER, ChallengeFlow.SHORTCUT_CALLBACK));
    String viewId = h.lastModal().path("id").asText();
    h.press(MEMBER, h.modal(viewId), "Start");
    assertThat(h.modal(viewId).toString()).contains("Title of q1").doesNotContain("Revised");
  }

  @Test
  void adminCommand_isAcknowledgedAtOnce_evenWhileSlackIsSlowToSayWhoIsAdmin_andAnsweredAfter() {
    h.api.admin(ADMIN);
    FakeSlackApi.Hold slowUsersInfo = h.api.holdNext("users.info");
    Map<String, String> fields = h.payloads.slashCommand(ADMIN, CHANNEL, "admin");

    HttpResponse<String> ack = h.slack.send(h.slack.command(fields));
    slowUsersInfo.awaitArrival(SlackHarness.await());

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).isEmpty();
    assertThat(h.api.calls(FakeSlackApi.RESPONSE_URL)).isEmpty(); // still waiting for users.info
    slowUsersInfo.release();
    FakeSlackApi.Call answer = h.api.awaitCall(FakeSlackApi.RESPONSE_URL,
        call -> fields.get("response_url").equals(call.params().get("response_url")), SlackHarness.await());
    assertThat(answer.params().get("text")).contains("Warmup settings");
  }

  @Test
  void adminCommandThatFails_isStillAnswered_withWhatWentWrong() {
    h.api.admin(ADMIN);
    h.reloader = () -> {
      throw new IllegalStateException("the packs folder cannot be read");
    };

    assertThat(h.answerLater(ADMIN, CHANNEL, "admin reload"))
        .startsWith("That did not work: the packs folder cannot be read.");
  }

  @Test
  void adminHelp_listsReload() {
    h.api.admin(ADMIN);

    assertThat(h.answerLater(ADMIN, CHANNEL, "admin")).contains("`reload`");
  }
}
