package org.warmupbot.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/**
 * The members of the two Discord stacks: the real {@code DiscordBot} (JDA, the engine, SQLite) and a bare JDA
 * whose listener only defers ({@link Stacks} builds both, here or in a child JVM), each against its own fake
 * Discord with one guild and one shard, which lives in this process. Latency is from handing the
 * INTERACTION_CREATE frame to the fake's gateway to the callback POST reaching the fake ({@link DiscordProbe}).
 */
final class DiscordLoad {
  static final long GUILD = 81_000_000_000_000_000L;
  static final long FIRST_USER = 72_000_000_000_000_000L;
  /**
   * What a member of ours sends on Discord: /warmup, Start, then for 5 questions an answer and Next (the typed
   * one takes a press, a modal and its submission), the last answer showing the results = 12.
   */
  static final int INTERACTIONS_PER_RUN = 12;

  private DiscordLoad() {}

  /**
   * A stack on its own fake Discord with one guild: members open with {@code /warmup} in its channel, and an
   * interaction counts as answered when its callback reached the fake (refused callbacks fail the member).
   */
  abstract static class OnFakeDiscord extends MemberDriver {
    final FakeDiscord fake = FakeDiscord.start(1);
    final DiscordProbe probe = DiscordProbe.attach(fake);
    final FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    final long channel = guild.channelId();
    private @Nullable StackHandle stack;

    OnFakeDiscord(long thinkMillis, long firstNumber) {
      super(thinkMillis, FIRST_USER, firstNumber);
    }

    /** Starts the stack on this fake and waits until it registered its commands; closes the fake if it fails. */
    final void start(StackHandle.Launcher launcher, StackSpec spec, String what) {
      try {
        stack = launcher.start(spec);
        Stacks.await(what, () -> fake.registeredCommands().containsKey("global"));
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public final StackHandle stack() {
      if (stack == null) {
        throw new IllegalStateException("start() first");
      }
      return stack;
    }

    @Override
    public long refusals() {
      return probe.otherRefusals.sum();
    }

    @Override
    public List<String> examples() {
      return probe.examples;
    }

    @Override
    public void close() {
      if (stack != null) {
        stack.close();
      }
      fake.close();
    }

    @Override
    public int interactionsPerRun() {
      return INTERACTIONS_PER_RUN;
    }

    /** Answered when the callback reached the fake: the callback carries the next screen. */
    @Override
    Outcome outcome(Member member) {
      Interaction last = (Interaction) member.screen;
      if (last == null) {
        return Outcome.FAILED;
      }
      Long arrived = probe.callbacks.get(last.token());
      // The fake streams each request just after it marks the answer.
      if (last.responded() && arrived != null && screenShown(last)) {
        member.answeredNanos = Math.max(arrived, probe.originalEdits.getOrDefault(last.token(), arrived));
        return Outcome.ANSWERED;
      }
      return probe.refusedCallbacks.containsKey(last.token()) ? Outcome.FAILED : Outcome.WAITING;
    }

    /** Whether the member can read the screen the answered interaction caused (ours edits deferred ones). */
    boolean screenShown(Interaction answered) {
      return true;
    }

    @Override
    Sample open(Member member) {
      long sent = System.nanoTime();
      Interaction call = fake.slash(GUILD, channel, FIRST_USER + member.userNumber, "warmup");
      member.screen = call;
      return new Sample(call.token(), Sample.Kind.OPEN, sent);
    }

    /** Each sample's acknowledgement time and status, from the callbacks the fake received. */
    @Override
    public void settle(List<Sample> samples) {
      for (Sample sample : samples) {
        Long arrived = probe.callbacks.get(sample.key);
        Integer refused = probe.refusedCallbacks.get(sample.key);
        Long edited = probe.originalEdits.get(sample.key);
        if (arrived != null) {
          sample.ackedNanos = arrived;
        }
        if (edited != null) {
          sample.shownNanos = edited;
        }
        if (refused != null) {
          sample.status = refused;
        } else if (arrived != null) {
          sample.status = Sample.OK;
        }
      }
      probe.clear();
    }

    /**
     * Drops the fake's messages and interactions of the phase, and the members who were still playing (their
     * last screens); the sessions they left stay in the bot, whose late "Time's up" edits the fake still accepts.
     */
    @Override
    public String forgetPhase() {
      resetMembers();
      probe.clear();
      FakeDiscord.Forgotten forgotten = fake.forgetAnswered();
      return "the fake forgot " + forgotten.interactions() + " interactions and " + forgotten.messages()
          + " messages";
    }

    DiscordProbe probe() {
      return probe;
    }
  }

  /** Warmup Bot as it runs in production, on the fake (in this process or a child JVM). */
  static final class Ours extends OnFakeDiscord {
    private final Set<String> right;

    Ours(Path packs, Path sqliteFile, long thinkMillis, boolean snapshots, StackHandle.Launcher launcher,
        long firstNumber) {
      super(thinkMillis, firstNumber);
      long badgeRole = guild.addRole("Warmup Master", 1);
      right = ProductionCore.rightChoices(ProductionCore.catalog(packs));
      start(launcher, new StackSpec("discord", "ours", fake.restBaseUrl(), packs, sqliteFile, snapshots,
          Long.toString(badgeRole)), "Warmup Bot connected and its commands registered");
    }

    @Override
    public String label() {
      return "discord ours";
    }

    /** A press acknowledged before it was handled (one that may finish the run) shows its screen by an edit. */
    @Override
    boolean screenShown(Interaction answered) {
      return answered.settled();
    }

    @Override
    @Nullable Sample next(Member member) {
      Interaction last = (Interaction) member.screen;
      long user = FIRST_USER + member.userNumber;
      if (last == null || member.actions > 40) {
        return null;
      }
      long sent;
      Interaction call;
      Sample.Kind kind;
      if (last.modal() != null) {
        kind = Sample.Kind.TYPED;
        sent = System.nanoTime();
        call = fake.submitModal(user, last, "10"); // the pack's one typed answer
      } else {
        Long shown = last.shownMessageId();
        if (shown == null) {
          return null;
        }
        Message screen = fake.message(shown);
        Message.ButtonView button = choose(screen);
        if (button == null) {
          member.last.kind = Sample.Kind.FINISH; // its answer showed the results: this member is done
          return null;
        }
        kind = kindOf(button);
        sent = System.nanoTime();
        call = fake.press(user, screen, button.customId());
      }
      member.screen = call;
      return new Sample(call.token(), kind, sent);
    }

    private Message.@Nullable ButtonView choose(Message screen) {
      List<Message.ButtonView> buttons = screen.buttons();
      for (Message.ButtonView b : buttons) {
        if (b.label().equals("Start")) {
          return b;
        }
      }
      for (Message.ButtonView b : buttons) {
        if (isRight(b)) {
          return b;
        }
      }
      for (Message.ButtonView b : buttons) {
        if (b.label().contains("Type your answer") || b.label().contains("Next question")) {
          return b;
        }
      }
      return null;
    }

    private boolean isRight(Message.ButtonView button) {
      for (String id : right) {
        if (button.customId().contains(id)) {
          return true;
        }
      }
      return false;
    }

    private Sample.Kind kindOf(Message.ButtonView button) {
      if (button.label().equals("Start")) {
        return Sample.Kind.START;
      }
      if (isRight(button)) {
        return Sample.Kind.ANSWER;
      }
      return button.label().contains("Type your answer") ? Sample.Kind.TYPE_PRESS : Sample.Kind.NEXT;
    }
  }

  /** The same JDA set-up as the bot's, with a listener that only acknowledges. */
  static final class AckOnly extends OnFakeDiscord {
    AckOnly(long thinkMillis, StackHandle.Launcher launcher, long firstNumber) {
      super(thinkMillis, firstNumber);
      start(launcher, StackSpec.ackOnly("discord", fake.restBaseUrl()),
          "ack-only JDA connected and its command registered");
    }

    @Override
    public String label() {
      return "discord ack-only";
    }

    @Override
    @Nullable Sample next(Member member) {
      Interaction last = (Interaction) member.screen;
      if (last == null || member.actions >= INTERACTIONS_PER_RUN || last.shownMessageId() == null) {
        return null;
      }
      Message screen = fake.message(last.shownMessageId()); // the deferred reply; presses leave it as it is
      long sent = System.nanoTime();
      Interaction call = fake.press(FIRST_USER + member.userNumber, screen, "ack:" + member.actions);
      member.screen = call;
      return new Sample(call.token(), Sample.Kind.PRESS, sent);
    }
  }
}
