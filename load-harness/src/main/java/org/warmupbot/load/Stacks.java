package org.warmupbot.load;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.discord.DiscordBot;
import org.warmupbot.discord.DiscordSettings;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.slack.BoltRequestParser;
import org.warmupbot.slack.SlackBot;
import org.warmupbot.slack.SlackSettings;

/**
 * Builds the stacks under test, in whichever process calls it (the harness itself, or {@link StackMain} in a
 * child JVM): Warmup Bot as production wires it (JDA or Bolt, the engine, SQLite), or the same library with
 * handlers that only acknowledge. Each returns once its stack is connected (Discord) or listening (Slack), as a
 * {@link StackHandle} whose GC pauses, CPU time and warnings are this process's own (the defaults).
 */
final class Stacks {
  private Stacks() {}

  static StackHandle build(StackSpec spec) {
    if (spec.platform().equals("discord")) {
      return spec.ours() ? discordOurs(spec) : discordAckOnly(spec);
    }
    return spec.ours() ? slackOurs(spec) : slackAckOnly(spec);
  }

  private static StackHandle discordOurs(StackSpec spec) {
    ProductionCore core = new ProductionCore(spec.packs(), spec.sqliteFile(), spec.snapshots());
    core.badgeGroup(new Tenant(Platform.DISCORD, Long.toString(DiscordLoad.GUILD)), spec.badgeGroup());
    DiscordBot bot = new DiscordBot(new DiscordSettings("load-token", 1, null, spec.platformUrl(), null,
        Long.toString(FakeDiscord.APPLICATION_ID), Set.of()), core.catalog, core.store, Clock.systemUTC(), ZoneOffset.UTC,
        AckObserver.NONE, PackReloader.NONE);
    core.wire(Platform.DISCORD, bot.badgeGranter());
    bot.start(core.engine(), core.recorder());
    await("Warmup Bot connected", bot::connected);
    return onDiscord(core::takeSnapshotStats, () -> {
      bot.close();
      core.close();
    });
  }

  /** A Discord stack in this process: no endpoint of its own (Discord's gateway delivers to it). */
  private static StackHandle onDiscord(Supplier<String> stats, Runnable close) {
    return new StackHandle() {
      @Override
      public int port() {
        return 0;
      }

      @Override
      public String stats() {
        return stats.get();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  private static StackHandle discordAckOnly(StackSpec spec) {
    ShardManager shards = DefaultShardManagerBuilder.createLight("ack-token", EnumSet.noneOf(GatewayIntent.class))
        .addEventListeners(new AckListener())
        .setShardsTotal(1)
        .setRestConfig(new RestConfig().setBaseUrl(spec.platformUrl()))
        .setCompression(Compression.NONE)
        .build();
    await("ack-only JDA connected", () -> shards.getShards().size() == 1
        && shards.getShards().get(0).getStatus() == JDA.Status.CONNECTED);
    return onDiscord(() -> "", shards::shutdown);
  }

  private static StackHandle slackOurs(StackSpec spec) {
    ProductionCore core = new ProductionCore(spec.packs(), spec.sqliteFile(), spec.snapshots());
    core.badgeGroup(new Tenant(Platform.SLACK, SlackLoad.TEAM), spec.badgeGroup());
    SlackBot bot = new SlackBot(SlackSettings.http(SlackLoad.BOT_TOKEN, SlackLoad.SECRET, 0)
        .withHttp("127.0.0.1", 0, "/slack/events").withApiUrl(spec.platformUrl()), core.catalog, Clock.systemUTC(),
        AckObserver.NONE, PackReloader.NONE);
    core.wire(Platform.SLACK, bot.badgeGranter(core.store));
    bot.start(core.engine(), new Leaderboards(core.store, Clock.systemUTC(), ZoneOffset.UTC), core.store,
        core.recorder());
    return new StackHandle() {
      @Override
      public int port() {
        return bot.httpPort();
      }

      @Override
      public String stats() {
        SlackBot.Shed shed = bot.shed();
        return core.takeSnapshotStats() + "; shed since start: " + shed.replacedUpdates()
            + " view calls replaced by newer, " + shed.expiredOpens() + " opens past their trigger, "
            + shed.staleRetries() + " rate-limited updates overtaken";
      }

      @Override
      public void close() {
        bot.close();
        core.close();
      }
    };
  }

  private static StackHandle slackAckOnly(StackSpec spec) {
    return new SlackAckApp(spec.platformUrl());
  }

  /** Waits at most 30 s for a network client to come up (polled: it starts on its own threads). */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20); // start-up of a network client; bounded above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Acknowledges everything and does nothing else: the floor the real bot is compared with. */
  private static final class AckListener extends ListenerAdapter {
    @Override
    public void onReady(ReadyEvent event) {
      event.getJDA().updateCommands().addCommands(Commands.slash("warmup", "Take a warmup challenge")).queue();
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
      event.deferReply(true).queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
      event.deferEdit().queue();
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
      event.deferEdit().queue();
    }
  }

  /** A Bolt app that only acknowledges, behind a JDK HTTP server and the request parser of the bot's. */
  private static final class SlackAckApp implements StackHandle {
    private final App app;
    private final HttpServer server;
    private final ExecutorService workers;
    private final BoltRequestParser parser;

    SlackAckApp(String methodsUrl) {
      SlackConfig config = new SlackConfig();
      config.setMethodsEndpointUrlPrefix(methodsUrl);
      config.setPrettyResponseLoggingEnabled(false);
      app = new App(AppConfig.builder().singleTeamBotToken(SlackLoad.BOT_TOKEN).signingSecret(SlackLoad.SECRET)
          .slack(Slack.getInstance(config)).build());
      app.globalShortcut("warmup_challenge", (req, ctx) -> ctx.ack());
      app.blockAction(Pattern.compile(".+"), (req, ctx) -> ctx.ack());
      app.viewSubmission(Pattern.compile(".+"), (req, ctx) -> ctx.ack());
      parser = new BoltRequestParser(app.config()); // as the bot's endpoint parses: the same stack
      AtomicInteger threads = new AtomicInteger();
      workers = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "ack-only-http-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(workers);
        server.createContext("/slack/events", this::handle);
        app.start();
        server.start();
      } catch (Exception e) {
        throw new IllegalStateException("the ack-only Bolt app did not start", e);
      }
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Request<?> request = parser.parse(exchange, body);
        Response response;
        try {
          response = app.run(request);
        } catch (Exception e) {
          exchange.sendResponseHeaders(500, -1);
          return;
        }
        byte[] out = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
            response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType());
        exchange.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        }
      }
    }

    @Override
    public int port() {
      return server.getAddress().getPort();
    }

    @Override
    public String stats() {
      return "";
    }

    @Override
    public void close() {
      server.stop(0);
      workers.shutdownNow();
      try {
        app.stop();
      } catch (Exception e) {
        // stopping a Bolt app that did nothing: nothing to report
      }
    }
  }
}
