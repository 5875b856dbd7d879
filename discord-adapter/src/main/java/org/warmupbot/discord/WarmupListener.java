package org.warmupbot.discord;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.Command.Choice;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.modals.Modal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.session.MemberPace;
import org.warmupbot.core.session.SettingsReads;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;

/**
 * Answers interactions: {@code /warmup} and its buttons and modals, leaderboards (and their paging buttons) and
 * profiles from the core's {@link Leaderboards}, admin commands.
 * Called on JDA's event threads. The challenge itself is in memory, so it is answered at once (within
 * Discord's 3 seconds); anything reading or writing the store (a press that finishes a run writes it) defers
 * first and answers through the hook on {@code blocking}. {@code /warmup} reads the server's settings (cached by
 * the store) and defers only when that read takes longer than {@link SettingsReads#IN_TIME}. Each interaction's
 * acknowledgement is timed by the {@link AckTimer}.
 */
final class WarmupListener extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WarmupListener.class);
  static final String NOT_YOURS = "This challenge belongs to someone else. Start your own with /warmup!";
  static final String RECORDING_FAILED = "Your challenge is over, but something went wrong on my side while saving"
      + " it, so I cannot show its summary. Your server's admins can find the error in the bot's log.";
  static final String STORE_DOWN = "I cannot start a challenge right now: the results store (where this server's"
      + " settings and scores are kept) is unavailable. Try /warmup again in a minute.";

  private final ChallengeCatalog catalog;
  private final ChallengeEngine engine;
  private final Leaderboards boards;
  private final ResultStore store;
  private final AdminCommands admin;
  private final Hooks hooks;
  private final Executor blocking;
  private final SettingsReads settingsReads;
  private final Function<String, @Nullable Guild> guilds;
  private final AckTimer acks;
  private final MemberPace pace;

  /**
   * @param guilds finds a connected guild by id (null when the bot is not, or not yet, connected to it)
   * @param blocking runs what may block (the store, Discord round trips) off JDA's event threads
   * @param settingsReads reads the server's settings for {@code /warmup}
   * @param acks times every interaction from its arrival here to the success of its acknowledgement
   * @param pace bounds each member's boards, profiles and page turns
   */
  WarmupListener(ChallengeCatalog catalog, ChallengeEngine engine, Leaderboards boards, ResultStore store,
      AdminCommands admin, Hooks hooks, Executor blocking, SettingsReads settingsReads,
      Function<String, @Nullable Guild> guilds, AckTimer acks, MemberPace pace) {
    this.catalog = catalog;
    this.engine = engine;
    this.boards = boards;
    this.store = store;
    this.admin = admin;
    this.hooks = hooks;
    this.blocking = blocking;
    this.settingsReads = settingsReads;
    this.guilds = guilds;
    this.acks = acks;
    this.pace = pace;
  }

  static Player player(Guild guild, String userId) {
    return new Player(Platform.DISCORD, guild.getId(), userId);
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    Consumer<Object> acked = acks.arrived();
    Guild guild = event.getGuild();
    if (guild == null) {
      event.reply("Warmup Bot works in servers only.").setEphemeral(true).queue(acked);
      return;
    }
    String userId = event.getUser().getId();
    Player player = player(guild, userId);
    switch (event.getName()) {
      case SlashCommands.WARMUP:
        startWarmup(event, player, acked);
        break;
      case SlashCommands.LEADERBOARD: {
        if (tooFast(event, player, acked, "leaderboard")) {
          break;
        }
        String packId = PackOption.id(catalog, event.getOption("pack"));
        if (catalog.find(packId).isEmpty()) {
          event.reply(PackOption.unknown(catalog, packId)).setEphemeral(true).queue(acked, fail("leaderboard"));
          break;
        }
        Period period = "all-time".equals(Optional.ofNullable(event.getOption("period"))
            .map(OptionMapping::getAsString).orElse("week")) ? Period.ALL_TIME : Period.WEEK;
        event.deferReply(false).queue(acked); // public: the board is for the whole server; it pings nobody
        InteractionHook hook = event.getHook();
        blocking.execute(() -> editHook(hook,
            () -> boards.board(player.tenantKey(), player, packId, period, 1), userId));
        break;
      }
      case SlashCommands.PROFILE: {
        if (tooFast(event, player, acked, "profile")) {
          break;
        }
        OptionMapping member = event.getOption("member");
        String whoseId = member == null ? userId : member.getAsUser().getId();
        event.deferReply(true).queue(acked);
        InteractionHook hook = event.getHook();
        blocking.execute(() -> editHook(hook, () -> profile(player(guild, whoseId)), userId));
        break;
      }
      case SlashCommands.ADMIN:
        event.deferReply(true).queue(acked);
        InteractionHook hook = event.getHook();
        blocking.execute(() -> {
          String answer;
          CompletableFuture<Void> answered = new CompletableFuture<>(); // a follow-up waits for the answer shown
          try {
            answer = admin.handle(event, player.tenantKey(), answered);
          } catch (RuntimeException e) {
            log.warn("Admin command {} failed in guild {}", event.getSubcommandName(), guild.getId(), e);
            answer = "That did not work: " + e.getMessage() + (e instanceof StoreUnavailableException
                ? ". Try again in a minute; /warmup-admin status shows the settings in force." : "");
          }
          hook.editOriginal(DiscordRenderer.cut(answer, DiscordRenderer.CONTENT_MAX)).queue(
              shown -> answered.complete(null),
              failure -> {
                fail("admin").accept(failure);
                answered.complete(null);
              });
        });
        break;
      default:
        event.reply("Unknown command.").setEphemeral(true).queue(acked);
    }
  }

  private void startWarmup(SlashCommandInteractionEvent event, Player player, Consumer<Object> acked) {
    // The settings are cached, but the first read of a server (or with the pool busy, the database down) waits on
    // the database: past SettingsReads.IN_TIME the reply is deferred, so Discord's 3 seconds hold whatever it takes.
    // With every settings thread stuck on the store, it is read on the I/O pool.
    CompletableFuture<TenantSettings> read =
        settingsReads.read(player.tenantKey()).orElseGet(() -> readOnBlocking(player));
    String channelId = event.getChannel().getId();
    String packId = PackOption.id(catalog, event.getOption("pack"));
    try {
      TenantSettings settings = read.get(SettingsReads.IN_TIME.toMillis(), TimeUnit.MILLISECONDS);
      openWarmup(settings, player, channelId, packId, event, replying(event, player, acked));
    } catch (TimeoutException slow) {
      event.deferReply(true).queue(acked, fail("warmup"));
      WarmupAnswer deferred = deferred(event.getHook(), player, channelId);
      read.whenComplete((settings, failure) -> {
        try {
          if (failure == null) {
            openWarmup(settings, player, channelId, packId, event, deferred);
          } else {
            storeDown(player, failure, deferred);
          }
        } catch (RuntimeException e) { // JDA or the pools refusing new work at shutdown
          log.error("Could not answer the /warmup of {}", player, e);
        }
      });
    } catch (ExecutionException e) {
      storeDown(player, e.getCause(), replying(event, player, acked));
    } catch (InterruptedException e) { // JDA shutting its event pool down
      Thread.currentThread().interrupt();
      log.warn("The /warmup of {} was not answered: the bot is stopping", player);
    }
  }

  /** The server's settings read on the I/O pool, or on this thread when it takes no more work. */
  private CompletableFuture<TenantSettings> readOnBlocking(Player player) {
    try {
      return CompletableFuture.supplyAsync(() -> store.settings(player.tenantKey()), blocking);
    } catch (RejectedExecutionException stopping) {
      CompletableFuture<TenantSettings> read = new CompletableFuture<>();
      try {
        read.complete(store.settings(player.tenantKey()));
      } catch (RuntimeException e) {
        read.completeExceptionally(e);
      }
      return read;
    }
  }

  /**
   * Where a {@code /warmup}'s answer goes: the interaction's own reply while Discord's 3 seconds allow, else the
   * edit of the reply deferred when the settings took too long.
   */
  private interface WarmupAnswer {
    void text(String text);

    /** The step of Open; a run it ended is still being written when {@code handled} is not done. */
    void step(CompletableFuture<Step> handled);
  }

  private WarmupAnswer replying(SlashCommandInteractionEvent event, Player player, Consumer<Object> acked) {
    return new WarmupAnswer() {
      @Override
      public void text(String text) {
        event.reply(DiscordRenderer.cut(text, DiscordRenderer.CONTENT_MAX)).setEphemeral(true)
            .queue(acked, fail("warmup"));
      }

      @Override
      public void step(CompletableFuture<Step> handled) {
        if (!handled.isDone()) {
          event.deferReply(true).queue(acked, fail("warmup"));
          showWhenRecorded(handled, player, event.getChannel().getId(), event.getHook());
          return;
        }
        event.reply(DiscordRenderer.render(handled.join().view(), player.userId()).toCreate()).setEphemeral(true)
            .queue(acked, fail("warmup"));
      }
    };
  }

  private WarmupAnswer deferred(InteractionHook hook, Player player, String channelId) {
    return new WarmupAnswer() {
      @Override
      public void text(String text) {
        hook.editOriginal(DiscordRenderer.cut(text, DiscordRenderer.CONTENT_MAX)).queue(null, fail("warmup"));
      }

      @Override
      public void step(CompletableFuture<Step> handled) {
        showWhenRecorded(handled, player, channelId, hook);
      }
    };
  }

  private void openWarmup(TenantSettings settings, Player player, String channelId, String packId,
      SlashCommandInteractionEvent event, WarmupAnswer answer) {
    if (!settings.allowsChannel(channelId)) {
      answer.text(challengesRunIn(settings.allowedChannels()));
      return;
    }
    hooks.remember(player, event.getHook());
    // Opening may end a run whose last deadline just passed (its timeout is the answer): written off this thread.
    answer.step(engine.handle(player, new Command.Open(packId), event.getId(), blocking));
  }

  private static void storeDown(Player player, Throwable failure, WarmupAnswer answer) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (!(cause instanceof StoreUnavailableException)) {
      log.error("Could not open /warmup for {}", player, cause);
    } else {
      // Refused, not started with defaults: the server's settings may narrow the channels or give members more
      // time per question, and a challenge run silently without them would be unfair; a minute's wait is not.
      log.warn("Could not read the settings of guild {} for /warmup: {}", player.tenant(), cause.getMessage());
    }
    answer.text(STORE_DOWN);
  }

  /** Where challenges may start, as many channels as Discord's 2000 characters hold, then how many more. */
  static String challengesRunIn(Set<String> allowed) {
    return DiscordRenderer.namesWithin("Challenges run in ", allowed.stream().sorted().map(c -> "<#" + c + ">")
        .toList(), "channel", " on this server.", DiscordRenderer.CONTENT_MAX);
  }

  /** The core's profile, opened by a line saying whose it is (it may be another member's). */
  private View profile(Player whose) {
    View profile = boards.profile(whose, catalog);
    List<Block> body = new ArrayList<>();
    body.add(new Block.Text("<@" + whose.userId() + ">"));
    body.addAll(profile.body());
    return new View(profile.screen(), profile.title(), body, profile.facts(), profile.actions());
  }

  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
    Consumer<Object> acked = acks.arrived();
    String typed = event.getFocusedOption().getValue().toLowerCase(Locale.ROOT);
    List<Choice> choices = catalog.all().stream()
        .filter(p -> p.id().contains(typed) || p.title().toLowerCase(Locale.ROOT).contains(typed))
        .limit(25)
        .map(p -> new Choice(DiscordRenderer.cut(p.title(), 100), p.id()))
        .toList();
    event.replyChoices(choices).queue(acked, fail("autocomplete"));
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    Consumer<Object> acked = acks.arrived();
    Guild guild = event.getGuild();
    Optional<CustomIds.Decoded> decoded = CustomIds.decode(event.getComponentId());
    if (guild == null || decoded.isEmpty()) {
      event.reply("This button is no longer in use. Run /warmup again.").setEphemeral(true).queue(acked);
      return;
    }
    String userId = event.getUser().getId();
    Player player = player(guild, userId);
    String actionId = decoded.get().actionId();
    Optional<BoardAction> page = BoardAction.parse(actionId);
    boolean own = decoded.get().ownerId().equals(userId);
    if (page.isPresent()) {
      if (tooFast(event, player, acked, "page")) {
        return;
      }
      // A public board's paging: its owner turns the page in place; anyone else gets that page privately,
      // seen from their own place, rather than a refusal.
      if (own) {
        event.deferEdit().queue(acked, fail("page"));
      } else {
        event.deferReply(true).queue(acked, fail("page"));
      }
      InteractionHook hook = event.getHook();
      blocking.execute(() -> editHook(hook, () -> boards.board(player, page.get()), userId));
      return;
    }
    if (!own) {
      event.reply(NOT_YOURS).setEphemeral(true).queue(acked);
      return;
    }
    Optional<Command> command = Command.parse(actionId);
    if (command.isEmpty()) {
      event.reply("This button is no longer in use. Run the command again.").setEphemeral(true).queue(acked);
      return;
    }
    if (command.get() instanceof Command.Type) {
      event.replyModal(answerModal(event.getComponentId())).queue(acked, fail("modal"));
      return;
    }
    hooks.remember(player, event.getHook());
    String channelId = event.getChannel().getId();
    CompletableFuture<Step> handled = engine.handle(player, command.get(), event.getId(), blocking);
    if (!handled.isDone()) {
      event.deferEdit().queue(acked, fail("press"));
      showWhenRecorded(handled, player, channelId, event.getHook());
      return;
    }
    show(handled.join(), player, channelId, event, acked);
  }

  @Override
  public void onModalInteraction(ModalInteractionEvent event) {
    Consumer<Object> acked = acks.arrived();
    Guild guild = event.getGuild();
    Optional<CustomIds.Decoded> decoded = CustomIds.decode(event.getModalId());
    if (guild == null || decoded.isEmpty() || !decoded.get().ownerId().equals(event.getUser().getId())) {
      event.reply(NOT_YOURS).setEphemeral(true).queue(acked);
      return;
    }
    Player player = player(guild, event.getUser().getId());
    String text = event.getValues().isEmpty() ? "" : event.getValues().get(0).getAsString();
    Optional<Command> command = Command.typed(decoded.get().actionId(), text);
    if (command.isEmpty()) {
      event.reply("This answer box is no longer in use. Run /warmup again.").setEphemeral(true).queue(acked);
      return;
    }
    hooks.remember(player, event.getHook());
    String channelId = event.getChannel().getId();
    CompletableFuture<Step> handled = engine.handle(player, command.get(), event.getId(), blocking);
    if (!handled.isDone()) {
      if (event.getMessage() == null) {
        event.deferReply(true).queue(acked, fail("modal"));
      } else {
        event.deferEdit().queue(acked, fail("modal"));
      }
      showWhenRecorded(handled, player, channelId, event.getHook());
      return;
    }
    Step step = handled.join();
    if (event.getMessage() == null) {
      event.reply(DiscordRenderer.render(step.view(), player.userId()).toCreate()).setEphemeral(true).queue(acked);
      announceIfEarned(step, player, event.getChannel().getId());
      return;
    }
    event.editMessage(DiscordRenderer.render(step.view(), player.userId()).toEdit()).queue(acked, fail("modal"));
    announceIfEarned(step, player, event.getChannel().getId());
  }

  private void show(Step step, Player player, String channelId, ButtonInteractionEvent event,
      Consumer<Object> acked) {
    if (step.event() instanceof Event.Duplicate) {
      // A redelivered press: acknowledge, change nothing. Discord refuses the acknowledgement (40060) when the
      // first delivery's went through, which is the usual case, so that refusal is no news.
      event.deferEdit().queue(acked, e -> log.debug("Second delivery of press {}: {}", event.getId(), e.toString()));
      return;
    }
    event.editMessage(DiscordRenderer.render(step.view(), player.userId()).toEdit()).queue(acked, fail("press"));
    announceIfEarned(step, player, channelId);
  }

  /**
   * Shows, through the hook, the step of a press acknowledged before its run was recorded: the command was applied
   * when it came (its deadline judged then), and the run's write (bounded by the store's save wait) runs on
   * {@code blocking}, so a slow store can never make Discord tell the member that the interaction failed.
   */
  private void showWhenRecorded(CompletableFuture<Step> handled, Player player, String channelId,
      InteractionHook hook) {
    handled.whenComplete((step, failure) -> {
      try {
        if (failure != null) {
          log.error("Could not finish the run of {}", player, failure);
          hook.editOriginal(DiscordRenderer.cut(RECORDING_FAILED, DiscordRenderer.CONTENT_MAX)).setEmbeds()
              .setComponents().queue(null, fail("press"));
          return;
        }
        hook.editOriginal(DiscordRenderer.render(step.view(), player.userId()).toEdit()).queue(null, fail("press"));
        announceIfEarned(step, player, channelId);
      } catch (RuntimeException e) { // JDA or the pool refusing new work at shutdown
        log.error("Could not show {} the step of their press", player, e);
      }
    });
  }

  /**
   * A badge earned for the first time is congratulated in public (not again when the member holds it already, or
   * earned it before): the announcement channel if set, else where it was played. When the announcement cannot be
   * posted the member is told privately (through their hook) that the badge is theirs all the same, and why it was
   * not announced.
   */
  private void announceIfEarned(Step step, Player player, String channelId) {
    if (!(step.event() instanceof Event.Finished finished) || !finished.badge().announced()) {
      return;
    }
    FinishedRun run = finished.run();
    Optional<ChallengePack> pack = catalog.find(run.packId());
    if (pack.isEmpty()) {
      log.warn("Cannot announce a badge of pack {}: it is no longer loaded", run.packId());
      return;
    }
    blocking.execute(() -> {
      String target = channelId;
      try {
        target = Optional.ofNullable(store.settings(player.tenantKey()).announcementChannel()).orElse(channelId);
      } catch (StoreUnavailableException e) {
        log.warn("Announcing the badge of {} where it was earned: the server's settings cannot be read ({})",
            player, e.getMessage());
      }
      String where = target;
      GuildMessageChannel channel = channel(player, where);
      if (channel == null) {
        notAnnounced(player, pack.get(), where, "I cannot see that channel any more");
        return;
      }
      String text = pack.get().badge().emoji() + " <@" + player.userId() + "> earned the **"
          + pack.get().badge().name() + "** badge with a perfect run of *" + pack.get().title() + "*!";
      try {
        channel.sendMessage(DiscordRenderer.cut(text, DiscordRenderer.CONTENT_MAX))
            .setAllowedMentions(EnumSet.of(Message.MentionType.USER))
            .queue(null, error -> notAnnounced(player, pack.get(), where, whyNotPosted(error)));
      } catch (RuntimeException refusedByJda) { // a permission JDA's cache says the bot lacks
        notAnnounced(player, pack.get(), where, whyNotPosted(refusedByJda));
      }
    });
  }

  /** Logs, and tells the member privately, that their badge could not be announced in {@code channelId}. */
  private void notAnnounced(Player player, ChallengePack pack, String channelId, String why) {
    log.warn("Could not announce the badge {} of {} in channel {}: {}", pack.badge().name(), player, channelId, why);
    InteractionHook hook = hooks.live(player);
    if (hook == null) {
      return; // the member's interaction expired: nothing private can reach them any more
    }
    hook.sendMessage(notAnnouncedNote(pack, channelId, why)).setEphemeral(true).queue(null, fail("badge note"));
  }

  static String notAnnouncedNote(ChallengePack pack, String channelId, String why) {
    return "You earned " + pack.badge().emoji() + " **" + pack.badge().name() + "**, and it is yours, but I could"
        + " not announce it in <#" + channelId + ">: " + why + ". A server admin can fix that with /warmup-admin"
        + " announce-channel.";
  }

  /** Why a message could not be posted, in words for the member. */
  static String whyNotPosted(Throwable error) {
    if (error instanceof InsufficientPermissionException missing) {
      return "I lack the " + missing.getPermission().getName() + " permission there";
    }
    if (error instanceof ErrorResponseException response) {
      ErrorResponse code = response.getErrorResponse();
      if (code == ErrorResponse.UNKNOWN_CHANNEL) {
        return "the channel no longer exists";
      }
      if (code == ErrorResponse.MISSING_PERMISSIONS || code == ErrorResponse.MISSING_ACCESS) {
        return "Discord says I may not post there";
      }
      return "Discord refused the message (" + response.getErrorCode() + ": " + response.getMeaning() + ")";
    }
    return "Discord could not be reached (" + error.getClass().getSimpleName() + ")";
  }

  /** A text channel of the member's server, when the bot is connected to it and can see the channel. */
  private @Nullable GuildMessageChannel channel(Player player, String channelId) {
    Guild guild = guilds.apply(player.tenant());
    return guild == null ? null : guild.getChannelById(GuildMessageChannel.class, channelId);
  }

  /** Edits the original timed-out question in place, without a press. Called off-thread by the engine. */
  void timedOut(Player player, Step step) {
    InteractionHook hook = hooks.live(player);
    if (hook == null) {
      return; // the hook expired: the next press shows the timeout instead
    }
    hook.editOriginal(DiscordRenderer.render(step.view(), player.userId()).toEdit()).queue(null, fail("time's up"));
  }

  private void editHook(InteractionHook hook, Supplier<View> view, String ownerId) {
    View shown;
    try {
      shown = view.get();
    } catch (RuntimeException e) {
      log.warn("Could not build a board", e);
      shown = View.message("Not available right now", "The results store could not be reached. Try again soon.");
    }
    hook.editOriginal(DiscordRenderer.render(shown, ownerId).toEdit()).queue(null, fail("board"));
  }

  static Modal answerModal(String customId) {
    TextInput input = TextInput.create("answer", TextInputStyle.SHORT).setPlaceholder("A number, e.g. 0.25")
        .setRequiredRange(1, 40).build();
    return Modal.create(customId, "Your answer").addComponents(Label.of("Answer", input)).build();
  }

  /** Whether {@code player} asked for boards faster than {@link MemberPace} allows; if so, they are told to wait. */
  private boolean tooFast(IReplyCallback event, Player player, Consumer<Object> acked, String what) {
    if (pace.allow(player)) {
      return false;
    }
    event.reply(MemberPace.SLOW_DOWN).setEphemeral(true).queue(acked, fail(what));
    return true;
  }

  private static Consumer<Throwable> fail(String what) {
    return error -> log.warn("Discord refused the {} response: {}", what, error.toString());
  }
}
