package org.warmupbot.discord;

import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.events.guild.GuildAvailableEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.restaction.CommandListUpdateAction;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.MemberPace;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.session.SettingsReads;

/**
 * Warmup Bot on Discord: connects through a JDA shard manager, registers the slash commands (globally, or in
 * the development guild), and answers interactions with the core engine; leaderboards and profiles come from
 * the core's {@link Leaderboards} over the same store.
 *
 * <p>Wiring order: create the bot (with the engine's clock), hand {@link #badgeGranter()} to the core's {@link
 * RunRecorder}, build the engine with that recorder (and a time multiplier read from the store's settings, 1.0
 * when they cannot be read: the engine asks for it while a member opens or starts a challenge), then {@link
 * #start}. Thread-safe; {@link #close()} is idempotent.
 * Needs no privileged gateway intent. The token is never logged.
 */
public final class DiscordBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

  /** The permissions the bot asks for in its invite: give roles, post announcements with embeds. */
  static final EnumSet<Permission> PERMISSIONS = EnumSet.of(
      Permission.MANAGE_ROLES, Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND, Permission.MESSAGE_EMBED_LINKS);

  /** What {@code /warmup-admin reload} answers when the bot was built without a reloader. */
  private final DiscordSettings settings;
  private final ChallengeCatalog catalog;
  private final AckTimer acks;
  private final PackReloader reloader;
  private final ResultStore store;
  private final Leaderboards boards;
  private final MemberPace pace;
  private final Hooks hooks = new Hooks();
  private final DiscordBadgeGranter granter;
  private final ExecutorService blocking;
  /**
   * Reads the server's settings for /warmup: a pool of its own, so a read the store answers from its cache does
   * not queue behind run writes and boards on {@link #blocking}.
   */
  private final SettingsReads settingsReads;
  private volatile @Nullable ShardManager shards;

  /**
   * A bot not yet connected; nothing is sent to Discord before {@link #start}.
   *
   * @param settings how to reach Discord
   * @param catalog the packs members can take
   * @param store where results, badges and server settings are kept; read for leaderboards and profiles
   * @param clock now, for the weekly board and daily streaks (the engine's clock)
   * @param weekZone where the weekly board's Monday 00:00 and a streak's days fall (e.g. UTC, Europe/Berlin)
   * @param acks told, once per interaction acknowledged (or {@link AckObserver#NONE}), how long it took from reaching the bot to Discord's
   *     acceptance of the acknowledgement; called on JDA's callback threads
   * @param reloader ({@link PackReloader#NONE} when the bot cannot reload) what {@code /warmup-admin reload}
   *     runs (off JDA's threads), for every server at once: the
   *     packs are the operator's files; its message is shown to the admin, cut to fit Discord
   */
  public DiscordBot(DiscordSettings settings, ChallengeCatalog catalog, ResultStore store, Clock clock,
      ZoneId weekZone, AckObserver acks, PackReloader reloader) {
    this.settings = settings;
    this.catalog = catalog;
    this.acks = new AckTimer(acks);
    this.reloader = reloader;
    this.store = store;
    this.boards = new Leaderboards(store, clock, weekZone);
    this.pace = new MemberPace(clock);
    this.blocking = Executors.newFixedThreadPool(4, named("warmup-discord-io"));
    this.settingsReads = new SettingsReads(store, "warmup-discord-settings");
    this.granter = new DiscordBadgeGranter(this::guild, store, this::tellMember);
  }

  /** The granter for the core's {@link RunRecorder}; answers Pending until the bot is connected. */
  public BadgeGranter badgeGranter() {
    return granter;
  }

  /**
   * Logs in and starts answering. Returns once the shards are logging in; {@link #connected()} says when all
   * are up.
   *
   * @throws IllegalStateException when already started; when Discord refuses the token or cannot be reached:
   *     the message says which, and what to check
   */
  public synchronized void start(ChallengeEngine engine, RunRecorder recorder) {
    if (shards != null) {
      throw new IllegalStateException("the Discord bot is already started");
    }
    AdminCommands admin = new AdminCommands(catalog, store, recorder, reloader);
    WarmupListener listener =
        new WarmupListener(catalog, engine, boards, store, admin, hooks, blocking, settingsReads, this::guild, acks,
            pace);
    engine.addTimeoutListener(listener::timedOut);

    // No optional intent: JDA always gets guilds, roles and channels (for grants and announcements), and
    // interactions need none, so nothing privileged is asked for.
    DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(),
            EnumSet.noneOf(GatewayIntent.class))
        .addEventListeners(listener, new CommandRegistrar(settings.devGuildId()),
            new GrantResumer(recorder, catalog, blocking))
        // Interactions are handled on a pool, not on the shard's gateway thread: one slow store call must not
        // hold up every other member's acknowledgement. The engine orders presses per member itself.
        .setEventPool(Executors.newFixedThreadPool(4, named("warmup-discord-events")), true)
        .setShardsTotal(settings.shardCount() == 0 ? -1 : settings.shardCount());
    if (!settings.shardIds().isEmpty()) {
      builder.setShards(settings.shardIds().stream().mapToInt(Integer::intValue).toArray());
    }
    if (settings.restBaseUrl() != null) {
      builder.setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()));
      builder.setCompression(Compression.NONE);
    }
    if (settings.gatewayUrl() != null) {
      String url = settings.gatewayUrl();
      builder.setSessionController(new ConcurrentSessionController() {
        @Override
        public String getGateway() {
          return url;
        }

        @Override
        public ShardedGateway getShardedGateway(JDA api) {
          ShardedGateway asked = super.getShardedGateway(api);
          return new ShardedGateway(url, asked.getShardTotal(), asked.getConcurrency());
        }
      });
    }
    try {
      shards = builder.build();
    } catch (InvalidTokenException refused) {
      throw new IllegalStateException("could not start the Discord bot: Discord refused the bot token; check "
          + "DISCORD_TOKEN: the token from the Developer Portal's Bot page (Reset Token gives a new one)", refused);
    } catch (ErrorResponseException failed) {
      // JDA's code for a request that got no answer at all (DNS, connection refused, TLS): the network, not the token.
      if (failed.getErrorCode() == -1) {
        Throwable cause = failed.getCause() == null ? failed : failed.getCause();
        throw new IllegalStateException("could not start the Discord bot: Discord could not be reached at "
            + (settings.restBaseUrl() == null ? "https://discord.com/api/" : settings.restBaseUrl()) + " (" + cause
            + "); check this machine's network and proxy settings", failed);
      }
      throw new IllegalStateException("could not start the Discord bot: Discord answered " + failed.getMessage(), failed);
    }
    if (settings.applicationId() != null) {
      log.info("Invite Warmup Bot to a server: {}", inviteUrl(settings.applicationId()));
    }
  }

  /** True when every shard this process runs (all, or its {@code shardIds}) is connected. */
  public boolean connected() {
    ShardManager manager = shards;
    if (manager == null) {
      return false;
    }
    int expected = settings.shardIds().isEmpty() ? manager.getShardsTotal() : settings.shardIds().size();
    return !manager.getShards().isEmpty()
        && manager.getShards().stream().allMatch(s -> s.getStatus() == JDA.Status.CONNECTED)
        && manager.getShards().size() == expected;
  }

  /** How many shards the bot has in all, over every process (0 before start). */
  public int shardCount() {
    ShardManager manager = shards;
    return manager == null ? 0 : manager.getShardsTotal();
  }

  /** The ids of the shards this process runs, lowest first (none before start). */
  public List<Integer> shardIds() {
    ShardManager manager = shards;
    return manager == null ? List.of()
        : manager.getShards().stream().map(s -> s.getShardInfo().getShardId()).sorted().toList();
  }

  /** The link an admin opens to add the bot: scopes bot + applications.commands, the permissions it needs. */
  public static String inviteUrl(String applicationId) {
    if (!applicationId.matches("[0-9]{1,20}")) {
      throw new IllegalArgumentException("applicationId must be digits, not " + applicationId);
    }
    return "https://discord.com/oauth2/authorize?client_id=" + applicationId + "&scope=bot+applications.commands"
        + "&permissions=" + Permission.getRaw(PERMISSIONS);
  }

  @Override
  public synchronized void close() {
    ShardManager manager = shards;
    if (manager != null) {
      manager.shutdown();
    }
    blocking.shutdown();
    settingsReads.close();
  }

  /** A connected guild by id; null when the bot is not (or not yet, or in an outage not) connected to it. */
  @Nullable Guild guild(String guildId) {
    ShardManager manager = shards;
    return manager == null ? null : manager.getGuildById(guildId);
  }

  private void tellMember(Player player, String text) {
    var hook = hooks.live(player);
    if (hook == null) {
      // Only an interaction of the member's own may speak to them privately; theirs expired (15 min).
      log.info("Could not tell {} privately (no recent interaction of theirs): {}", player, text);
      return;
    }
    hook.sendMessage(text).setEphemeral(true).queue(null, e -> log.warn("Could not tell {}: {}", player, e.toString()));
  }

  /**
   * Grants the badges a stopped process left being granted, once a shard's guilds are loaded (a grant before would
   * find no guild), for the guilds of that shard; a guild that was in an outage then gets its own when Discord brings
   * it back (as GuildReady when the outage began before the shard was ready, GuildAvailable when after). The store is
   * read on the bot's blocking pool, not on the threads that acknowledge interactions.
   */
  static final class GrantResumer extends ListenerAdapter {
    private final RunRecorder recorder;
    private final ChallengeCatalog catalog;
    private final Executor blocking;

    GrantResumer(RunRecorder recorder, ChallengeCatalog catalog, Executor blocking) {
      this.recorder = recorder;
      this.catalog = catalog;
      this.blocking = blocking;
    }

    @Override
    public void onReady(ReadyEvent event) {
      JDA shard = event.getJDA();
      later(() -> recorder.resumeInterrupted(
          Platform.DISCORD, tenant -> shard.getGuildById(tenant.id()) != null, catalog));
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
      // Before its shard is ready a guild's badges are the shard's (onReady); after, it is one back from an outage.
      if (event.getJDA().getStatus() == JDA.Status.CONNECTED) {
        resume(event.getGuild());
      }
    }

    @Override
    public void onGuildAvailable(GuildAvailableEvent event) {
      resume(event.getGuild());
    }

    private void resume(Guild guild) {
      Tenant tenant = new Tenant(Platform.DISCORD, guild.getId());
      later(() -> recorder.resumeInterrupted(tenant, catalog));
    }

    private void later(Runnable resume) {
      try {
        blocking.execute(resume);
      } catch (RejectedExecutionException stopping) {
        log.debug("The bot is stopping: badges left being granted wait for the next start");
      }
    }
  }

  /**
   * Registers the commands once: globally from shard 0, or in the development guild when it is ready. A stop
   * that comes while a shard is getting ready (JDA then refuses new requests) skips the registration quietly:
   * the next start registers them.
   */
  static final class CommandRegistrar extends ListenerAdapter {
    private final @Nullable String devGuildId;

    CommandRegistrar(@Nullable String devGuildId) {
      this.devGuildId = devGuildId;
    }

    @Override
    public void onReady(ReadyEvent event) {
      JDA jda = event.getJDA();
      if (jda.getShardInfo().getShardId() == 0) {
        log.info("Connected to Discord as application {}: {}", jda.getSelfUser().getApplicationId(),
            inviteUrl(jda.getSelfUser().getApplicationId()));
      }
      if (devGuildId == null && jda.getShardInfo().getShardId() == 0) {
        register(jda.updateCommands(), "global commands");
      }
    }

    @Override
    public void onGuildReady(GuildReadyEvent event) {
      if (event.getGuild().getId().equals(devGuildId)) {
        register(event.getGuild().updateCommands(), "development guild's commands");
      }
    }

    private static void register(CommandListUpdateAction update, String what) {
      try {
        update.addCommands(SlashCommands.all())
            .queue(null, e -> log.error("Discord refused the {}: {}", what, e.toString()));
      } catch (RejectedExecutionException stopping) {
        log.info("Did not register the {}: the bot is stopping", what);
      }
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
