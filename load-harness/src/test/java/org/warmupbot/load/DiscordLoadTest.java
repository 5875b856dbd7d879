package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DiscordLoadTest {
  /** Waits (bounded, on the fake's clock of network I/O) until the sample's callback reached the fake. */
  private static void awaitAcked(DiscordLoad.OnFakeDiscord driver, Sample sample) {
    driver.fake.await("the callback of " + sample.key, () -> driver.probe().callbacks.get(sample.key), t -> true);
  }

  @Test
  void forgetPhase_dropsWhatTheFakeKeptOfThePhase_andTheNextPhasesMembersAreStillAnswered() {
    try (DiscordLoad.AckOnly driver = new DiscordLoad.AckOnly(0, StackHandle.inProcess(), 0)) {
      Sample first = driver.arrive();
      awaitAcked(driver, first);
      driver.settle(List.of(first));
      assertThat(first.ok()).isTrue();
      assertThat(driver.fake.messagesIn(driver.channel)).hasSize(1); // the deferred reply

      String forgotten = driver.forgetPhase();

      assertThat(forgotten).isEqualTo("the fake forgot 1 interactions and 1 messages");
      assertThat(driver.fake.messagesIn(driver.channel)).isEmpty();
      assertThat(driver.members()).contains("still playing 0");

      driver.resetMembers(); // the next phase
      Sample opened = driver.arrive();
      awaitAcked(driver, opened);
      List<Sample> sent = new ArrayList<>();
      driver.fake.await("the member's press on the new reply", () -> {
        driver.actDue(System.nanoTime(), sent::add); // think time 0: presses once the reply is there
        return sent.isEmpty() ? null : sent.get(0);
      }, s -> true);
      Sample press = sent.get(0);
      awaitAcked(driver, press);
      driver.settle(List.of(opened, press));
      assertThat(press.kind).isEqualTo(Sample.Kind.PRESS);
      assertThat(List.of(opened, press)).allMatch(Sample::ok);
      assertThat(driver.fake.messagesIn(driver.channel)).hasSize(1);
    }
  }

  @Test
  void stages_forgetAPhaseOnlyOnADriverKeptForTheNextPhases() {
    Driver kept = mock(Driver.class);
    when(kept.forgetPhase()).thenReturn("forgot");
    Driver closedWithItsFake = mock(Driver.class);
    LoadMain.Stages inProcess =
        new LoadMain.Stages("discord", StackHandle.inProcess(), Path.of("packs"), Path.of("db"), 0, true, false);
    LoadMain.Stages childPerPhase =
        new LoadMain.Stages("discord", StackHandle.inProcess(), Path.of("packs"), Path.of("db"), 0, true, true);

    assertThat(inProcess.forget(kept)).isEqualTo("forgot");
    assertThat(childPerPhase.forget(closedWithItsFake)).isEmpty();
    verify(closedWithItsFake, never()).forgetPhase();
  }
}
