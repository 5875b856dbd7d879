package org.warmupbot.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.view.Fact;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.View;

/**
 * Takes a challenge in a terminal, a line of input per press. Works the same with piped standard input, so a
 * script can play. A deadline that passes while waiting for input prints "Time's up" by itself (the engine's
 * timeout listener); the next line then moves on. Any line read on an outcome screen only moves on, so nothing
 * typed there answers a question not yet seen (a script sends an empty line after each answer). With {@code
 * echoInput} each line read is printed, for piped input that no terminal echoes.
 */
final class TerminalPlay {
  private final ChallengeEngine engine;
  private final Player player;
  private final BufferedReader in;
  private final PrintStream out;
  private final TerminalRenderer renderer;
  private final boolean echoInput;
  private final AtomicReference<Step> current = new AtomicReference<>();
  private final @Nullable ScheduledExecutorService countdown;
  private final Clock clock;
  private final List<ScheduledFuture<?>> reminders = new ArrayList<>();

  /**
   * @param countdown when given, reminders of the time left are printed while waiting for an answer (for an
   *     interactive terminal; a script needs none)
   */
  TerminalPlay(
      ChallengeEngine engine,
      Player player,
      BufferedReader in,
      PrintStream out,
      TerminalRenderer renderer,
      boolean echoInput,
      Clock clock,
      @Nullable ScheduledExecutorService countdown) {
    this.engine = engine;
    this.clock = clock;
    this.countdown = countdown;
    this.echoInput = echoInput;
    this.player = player;
    this.in = in;
    this.out = out;
    this.renderer = renderer;
    engine.addTimeoutListener(
        (timedOut, step) -> {
          if (timedOut.equals(player)) {
            show(step);
          }
        });
  }

  /** Plays {@code packId} until the summary, a quit or the end of input; returns the process exit code. */
  int play(String packId) throws IOException {
    Step opened = engine.handle(player, new Command.Open(packId), null);
    if (opened.event() instanceof Event.Refused) {
      show(opened);
      return 2;
    }
    if (opened.event() instanceof Event.IntroShown) {
      print(renderer.render(opened.view()));
      show(engine.handle(player, new Command.Begin(packId), null));
    } else {
      show(opened);
    }
    while (true) {
      String line = in.readLine();
      if (line == null) {
        print("\nInput ended before the challenge finished; nothing was recorded.\n");
        return 0;
      }
      if (echoInput) {
        print(line + "\n"); // piped input is not echoed by a terminal: show it so the transcript reads well
      }
      Step step = current.get();
      String input = line.strip();
      if (input.equalsIgnoreCase("q")) {
        show(engine.handle(player, new Command.Abandon(), null));
        return 0;
      }
      Command command = commandFor(step.view(), input);
      if (command == null) {
        print(renderer.prompt(step.view()));
        continue;
      }
      Step next = engine.handle(player, command, null);
      show(next);
      if (next.event() instanceof Event.Finished || next.event() instanceof Event.NoSession) {
        return 0;
      }
    }
  }

  /** What a line of input means on this view; null when it means nothing here. */
  private static Command commandFor(View view, String input) {
    String key = input.toLowerCase(Locale.ROOT);
    List<Action> choices = view.actions(Action.Kind.CHOICE);
    if (key.equals("h") && !view.actions(Action.Kind.HINT).isEmpty()) {
      return parse(view.actions(Action.Kind.HINT).get(0));
    }
    if (!view.actions(Action.Kind.NEXT).isEmpty()) {
      return parse(view.actions(Action.Kind.NEXT).get(0));
    }
    if (!view.actions(Action.Kind.RESUME).isEmpty() && (key.equals("r") || key.equals("n"))) {
      List<Action> picked = view.actions(key.equals("r") ? Action.Kind.RESUME : Action.Kind.RESTART);
      return picked.isEmpty() ? null : parse(picked.get(0)); // no Restart for a pack that does not exist
    }
    if (input.isEmpty()) {
      return null;
    }
    if (key.length() == 1 && key.charAt(0) >= 'a' && key.charAt(0) - 'a' < choices.size()) {
      return parse(choices.get(key.charAt(0) - 'a'));
    }
    List<Action> typed = view.actions(Action.Kind.TYPED_ANSWER);
    if (!typed.isEmpty()) {
      return Command.typed(typed.get(0).id(), input).orElse(null);
    }
    if (!choices.isEmpty()) {
      // The choice's text: the engine matches it against the labels.
      String questionId = ((Command.Choose) parse(choices.get(0))).questionId();
      return new Command.Type(questionId, input);
    }
    return null;
  }

  private static Command parse(Action action) {
    return Command.parse(action.id()).orElseThrow(() -> new IllegalStateException("bad action id " + action.id()));
  }

  private void show(Step step) {
    current.set(step);
    remindOfTimeLeft(step.view());
    String prompt = step.view().actions().isEmpty() || step.event() instanceof Event.Finished ? "" : renderer.prompt(step.view());
    print(renderer.render(step.view()) + prompt);
  }

  /** Prints "⏳ 0:30 left" and the like before the deadline of an open question; earlier reminders are dropped. */
  private synchronized void remindOfTimeLeft(View view) {
    reminders.forEach(reminder -> reminder.cancel(false));
    reminders.clear();
    if (countdown == null || view.screen() != View.Screen.QUESTION) {
      return;
    }
    view.fact(Fact.Deadline.class).ifPresent(deadline -> {
      for (long secondsLeft : new long[] {60, 30, 10}) {
        long delay = deadline.at().toEpochMilli() - secondsLeft * 1000 - clock.millis();
        if (delay > 0) {
          reminders.add(countdown.schedule(
              () -> print("\n⏳ " + TerminalRenderer.timeLeft(Duration.ofSeconds(secondsLeft)) + " left\n" + renderer.prompt(view)),
              delay, TimeUnit.MILLISECONDS));
        }
      }
    });
  }

  private void print(String text) {
    synchronized (out) {
      out.print(text);
      out.flush();
    }
  }
}
