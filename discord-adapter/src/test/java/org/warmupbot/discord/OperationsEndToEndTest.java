package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.testing.SwappableCatalog;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** What operators rely on: acknowledgement times reported, packs reloaded from the admin command. */
final class OperationsEndToEndTest {
  private final Harness h = new Harness(1, FakeGuild.BASIC);

  @AfterEach
  void stop() {
    h.close();
  }

  /** Waits until the bot reported {@code count} acknowledgements (JDA runs success callbacks asynchronously). */
  private void awaitAcks(int count) {
    h.fake.await(count + " acknowledgements reported", h.acks::size, size -> size >= count);
  }

  @Test
  void everyKindOfInteraction_isReportedOnceAsAcknowledgedOnDiscord() {
    h.start();
    Message intro = h.warmup(Harness.ALICE); // reply
    awaitAcks(1);
    Message question = h.press(Harness.ALICE, intro, "Start"); // edit in place
    awaitAcks(2);
    Interaction intruder = h.fake.pressLabel(Harness.BOB, question, "Hint"); // refused privately
    h.fake.awaitShown(intruder);
    awaitAcks(3);
    Interaction typed = h.fake.autocomplete(Harness.GUILD, 0, Harness.ALICE, "warmup", "pack", "sm");
    h.fake.await("the autocomplete choices", typed::autocomplete, choices -> choices.length() == 1);
    awaitAcks(4);
    h.admin("status", DataArray.empty(), DataObject.empty()); // deferred, answered later through the hook
    awaitAcks(5);
    Message feedback = h.press(Harness.ALICE, question, "The right one");
    assertThat(feedback.text()).contains("Correct");
    awaitAcks(6);

    assertThat(h.acks).hasSize(6).allSatisfy(ack -> {
      assertThat(ack.platform()).isEqualTo(Platform.DISCORD);
      assertThat(ack.latency()).isPositive(); // the value itself: AckTim*Test, on an injected clock
    });
  }

  @Test
  void adminReload_answersPrivately_newRunsGetTheNewVersion_andALiveRunKeepsItsOwn() {
    h.start();
    Message question = h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start");
    assertThat(question.text()).contains("Title of q1");
    h.reloader = () -> {
      h.catalog.swap(SwappableCatalog.revised(h.pack, "v2"));
      return new PackReloader.Result(true, "Reloaded 1 challenge packs: small (3 questions).");
    };

    h.outage.down = true; // review 10: the reload read the server's settings first, and failed with the store down
    Interaction reload = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB, "warmup-admin",
        FakeDiscord.subcommand("reload", DataArray.empty()), DataObject.empty());
    Message answer = h.fake.awaitShown(reload, m -> !m.deferred());
    h.outage.down = false;

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.text()).isEqualTo("Reloaded 1 challenge packs: small (3 questions).");
    Message next = h.press(Harness.ALICE, h.press(Harness.ALICE, question, "The right one"), "Next question");
    assertThat(next.text()).contains("Title of q2").doesNotContain("Revised");
    Message bobs = h.press(Harness.BOB, h.warmup(Harness.BOB), "Start");
    assertThat(bobs.text()).contains("Revised Title of q1");
  }

  @Test
  void refusedReload_showsTheFirstProblemsWithinDiscordsLimit_andThePacksStay() {
    h.start();
    String problems = IntStream.rangeClosed(1, 200)
        .mapToObj(i -> "packs/broken-" + i + ".yaml line " + i + ": questions[0].answer is missing")
        .collect(Collectors.joining("\n"));
    h.reloader = () -> new PackReloader.Result(false,
        "Refused; the loaded packs stay in service.\n200 problems in challenge packs:\n" + problems);

    Interaction reload = h.fake.slash(Harness.GUILD, h.guild.channelId(), Harness.BOB, "warmup-admin",
        FakeDiscord.subcommand("reload", DataArray.empty()), DataObject.empty());
    Message answer = h.fake.awaitShown(reload, m -> !m.deferred());

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.text()).hasSizeLessThanOrEqualTo(2000)
        .startsWith("Refused; the loaded packs stay in service.\n200 problems in challenge packs:\n")
        .contains("packs/broken-1.yaml line 1: questions[0].answer is missing")
        .containsPattern("… and \\d+ more problems \\(the bot's log has them all\\)\\.$")
        .doesNotContain("broken-200.yaml");
    assertThat(h.press(Harness.ALICE, h.warmup(Harness.ALICE), "Start").text())
        .contains("Title of q1").doesNotContain("Revised");
  }

  @Test
  void reloadCommand_isAdminOnlyByDefault() {
    h.start();
    DataObject admin = h.fake.registeredCommands().get("global").stream(DataArray::getObject)
        .filter(c -> c.getString("name").equals("warmup-admin")).findFirst().orElseThrow();

    assertThat(admin.getArray("options").stream(DataArray::getObject).map(o -> o.getString("name")))
        .contains("reload");
    assertThat(admin.getString("default_member_permissions")).isEqualTo("32"); // Manage Server
  }
}
