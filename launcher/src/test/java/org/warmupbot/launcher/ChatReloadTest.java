package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** An operator who turned chat reload off: a server admin's reload is refused, the host's still works. */
final class ChatReloadTest {
  private static final long GUILD = 82_000_000_000_000_000L;
  private static final long ADMIN = 72_000_000_000_000_001L;

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.atMondayMorning();
  private FakeDiscord fake;
  private Application app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void chatReloadOff_refusesTheServerAdminsReload_namingTheHostCommand_whileTheHealthPortReloads() throws Exception {
    fake = FakeDiscord.start(1);
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    Settings settings = ApplicationMetricsTest.onFakeDiscord(dir, fake, false);
    app = new Application(settings, clock, true);
    app.start();
    fake.await("the bot connected", () -> ApplicationMetricsTest.healthStatus(settings.healthPort()), code -> code == 200);
    // Connected is not registered: the bot registers its commands once the shard is ready.
    fake.await("the commands registered", () -> !fake.registeredCommands().isEmpty(), Boolean::booleanValue);

    Interaction reload = fake.slash(GUILD, guild.channelId(), ADMIN, "warmup-admin",
        FakeDiscord.subcommand("reload", DataArray.empty()), DataObject.empty());
    Message answer = fake.awaitShown(reload, m -> !m.deferred());

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.text()).contains("turned off by the bot's operator", "java -jar warmup-bot.jar reload");
    HttpResponse<String> host = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.healthPort() + "/reload"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(host.statusCode()).isEqualTo(200);
    assertThat(host.body()).contains("Reloaded").contains("warmup-mastery");
  }
}
