package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.SelfUser;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.restaction.CommandListUpdateAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.warmupbot.core.testing.CapturedLogs;

final class CommandRegistrarTest {
  private final JDA jda = mock(JDA.class);
  private final CommandListUpdateAction update = mock(CommandListUpdateAction.class);
  private final ReadyEvent ready = mock(ReadyEvent.class);

  CommandRegistrarTest() {
    SelfUser self = mock(SelfUser.class);
    when(self.getApplicationId()).thenReturn("1100000000000000001");
    when(jda.getSelfUser()).thenReturn(self);
    when(jda.getShardInfo()).thenReturn(new JDA.ShardInfo(0, 1));
    when(jda.updateCommands()).thenReturn(update);
    when(update.addCommands(anyCollection())).thenReturn(update);
    when(ready.getJDA()).thenReturn(jda);
  }

  @Test
  void firstShardReady_registersEveryCommandGlobally() {
    new DiscordBot.CommandRegistrar(null).onReady(ready);

    @SuppressWarnings("unchecked")
    ArgumentCaptor<Collection<CommandData>> registered = ArgumentCaptor.forClass(Collection.class);
    verify(update).addCommands(registered.capture());
    assertThat(registered.getValue()).extracting(CommandData::getName)
        .containsExactlyElementsOf(SlashCommands.all().stream().map(CommandData::getName).toList())
        .isNotEmpty();
    verify(update).queue(any(), any());
  }

  @Test
  void aStopWhileTheShardGetsReady_skipsTheRegistration_withoutAnErrorInTheLog() {
    // What JDA does once shutdown() has begun: its requester takes no new requests.
    doThrow(new RejectedExecutionException("The Requester has been stopped! No new requests can be requested!"))
        .when(update).queue(any(), any());

    try (CapturedLogs logs = new CapturedLogs("org.warmupbot")) {
      new DiscordBot.CommandRegistrar(null).onReady(ready);

      assertThat(logs.moduleWarnings()).isEmpty();
      assertThat(logs.events()).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getFormattedMessage()).isEqualTo("Did not register the global commands: the bot is stopping");
      });
    }
  }
}
