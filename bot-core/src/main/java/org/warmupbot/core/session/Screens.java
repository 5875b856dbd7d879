package org.warmupbot.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;
import org.warmupbot.core.view.View.Screen;

/** Builds the engine's views from a session; every word a member reads comes from here or the pack. */
final class Screens {
  private Screens() {}

  static View intro(ChallengePack pack, double timeMultiplier) {
    // Questions may have limits of their own: the intro tells the whole range, not the first one's.
    Duration shortest = Duration.ofMillis(Long.MAX_VALUE);
    Duration longest = Duration.ZERO;
    for (int i = 0; i < pack.size(); i++) {
      Duration limit = Duration.ofMillis(Math.round(pack.question(i).timeLimit().toMillis() * timeMultiplier));
      shortest = limit.compareTo(shortest) < 0 ? limit : shortest;
      longest = limit.compareTo(longest) > 0 ? limit : longest;
    }
    return new View(
        Screen.INTRO,
        pack.title(),
        List.of(
            new Block.Text(pack.tagline()),
            new Block.Text(
                pack.badge().emoji() + " " + pack.badge().name() + ": " + pack.badge().howToEarn())),
        List.of(new Fact.QuestionCount(pack.size()), new Fact.TimeAllowed(shortest, longest)),
        List.of(new Action(new Command.Begin(pack.id()).actionId(), "Start", Action.Kind.START)));
  }

  /**
   * A run is live while a member asks for a pack: the one they asked for ({@code requestedTitle}; null when no
   * pack has that id) may be the same or another, and the second button starts it afresh. A pack that does not
   * exist is said so, and only Resume is offered.
   */
  static View liveSessionFound(Session session, String requestedPackId, @Nullable String requestedTitle) {
    boolean samePack = session.pack.id().equals(requestedPackId);
    String where = session.pack.title() + ": question " + (session.index + 1) + " of " + session.pack.size() + ". ";
    List<Action> actions = new ArrayList<>();
    actions.add(new Action(new Command.Resume().actionId(), "Resume", Action.Kind.RESUME));
    String text;
    if (requestedTitle == null) {
      text = where + "There is no challenge called \"" + requestedPackId + "\": resume where you were.";
    } else {
      text = where + "Resume where you were, or "
          + (samePack ? "restart from the first question" : "start " + requestedTitle + " instead")
          + " (this run is then not recorded).";
      actions.add(new Action(new Command.Restart(requestedPackId).actionId(),
          samePack ? "Restart" : "Start " + requestedTitle, Action.Kind.RESTART));
    }
    return new View(
        Screen.LIVE_SESSION_FOUND,
        "You have a challenge in progress",
        List.of(new Block.Text(text)),
        List.of(new Fact.Progress(session.index + 1, session.pack.size())),
        actions);
  }

  /** The open question; {@code notice} tells how the last try went (null on first showing). */
  static View question(Session session, String notice) {
    Question question = session.question();
    List<Block> body = new ArrayList<>();
    if (!notice.isEmpty()) {
      body.add(new Block.Text(notice));
    }
    body.add(new Block.Text(question.prompt()));
    if (question.code() != null) {
      body.add(new Block.CodeListing(question.code().language(), question.code().source()));
    }
    if (session.hintUsed) {
      body.add(new Block.Text("💡 Hint: " + question.hint()));
    }
    QuestionActions constant = QuestionActions.of(question);
    List<Action> actions = new ArrayList<>(constant.answers().size() + 2);
    actions.addAll(shuffled(constant.answers(), session.seed, session.index));
    if (!session.hintUsed) {
      actions.add(constant.hint());
    }
    actions.add(QuestionActions.ABANDON);
    return new View(
        Screen.QUESTION,
        question.title(),
        body,
        List.of(
            new Fact.Progress(session.index + 1, session.pack.size()),
            new Fact.Category(question.category()),
            new Fact.Level(question.difficulty()),
            new Fact.Deadline(Instant.ofEpochMilli(session.deadlineMillis)),
            new Fact.AttemptsLeft(session.attemptsLeft())),
        actions);
  }

  /** The outcome of a closed question, with its explanation and the way on. */
  static View outcome(Session session, Outcome outcome) {
    Question question = session.question();
    List<Block> body = outcomeBlocks(session, outcome);
    return new View(
        outcome == Outcome.TIMED_OUT ? Screen.TIMES_UP : Screen.FEEDBACK,
        outcome.title,
        body,
        List.of(
            new Fact.Progress(session.index + 1, session.pack.size()),
            new Fact.Score(session.score())),
        List.of(QuestionActions.of(question).next()));
  }

  /**
   * The end of a run: the last question's outcome (none when shown again later), a line per question, the
   * score and what the run means for the badge.
   */
  static View summary(Session session, FinishedRun run, @Nullable Outcome lastOutcome, BadgeNews badge) {
    ChallengePack pack = session.pack;
    List<Block> body = new ArrayList<>();
    if (lastOutcome != null) {
      body.addAll(outcomeBlocks(session, lastOutcome));
    }
    for (int i = 0; i < pack.size(); i++) {
      long result = session.results[i];
      body.add(
          new Block.ResultLine(i + 1, pack.question(i).title(), Session.correct(result), Session.points(result)));
    }
    long right = run.questions().stream().filter(QuestionResult::correct).count();
    body.add(new Block.Text(badgeLine(pack, right, badge)));
    boolean timedOut = lastOutcome == Outcome.TIMED_OUT;
    return new View(
        timedOut ? Screen.TIMES_UP : Screen.SUMMARY,
        pack.title() + (timedOut ? ": time's up, challenge complete" : ": challenge complete"),
        body,
        List.of(new Fact.Score(run.score()), new Fact.TotalTime(run.totalTime())),
        List.of(new Action(new Command.Begin(pack.id()).actionId(), "Play again", Action.Kind.START)));
  }

  private static String badgeLine(ChallengePack pack, long right, BadgeNews badge) {
    String all = "All " + pack.size() + " right";
    String emoji = pack.badge().emoji() + " ";
    switch (badge) {
      case EARNED:
        return emoji + "You earned the " + pack.badge().name() + " badge! " + all + ".";
      case STILL_BEING_GIVEN:
        return emoji + all + "! You earned the " + pack.badge().name() + " badge before, and it is still being"
            + " given to you.";
      case ALREADY_HELD:
        return emoji + all + "! You already hold the " + pack.badge().name() + " badge.";
      case UNDECIDED:
        return emoji + all + "!";
      case NONE:
      default:
        return right + " of " + pack.size() + " right. " + pack.badge().howToEarn() + " Play again to try.";
    }
  }

  private static List<Block> outcomeBlocks(Session session, Outcome outcome) {
    Question question = session.question();
    String verdict =
        switch (outcome) {
          case CORRECT -> "+" + Session.points(session.results[session.index]) + " points.";
          case OUT_OF_ATTEMPTS, TIMED_OUT -> "The answer: " + question.rightAnswerText();
        };
    return List.of(new Block.Text(verdict), new Block.Text(question.explanation()));
  }

  /** The choices in this session's order: stable per session and question, different between sessions. */
  static <T> List<T> shuffled(List<T> choices, long seed, int questionIndex) {
    List<T> order = new ArrayList<>(choices);
    SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (questionIndex + 1));
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = order.get(i);
      order.set(i, order.get(j));
      order.set(j, swap);
    }
    return order;
  }

  enum Outcome {
    CORRECT("✓ Correct!"),
    OUT_OF_ATTEMPTS("✗ Not quite, and no attempts left"),
    TIMED_OUT("⏰ Time's up");

    final String title;

    Outcome(String title) {
      this.title = title;
    }
  }
}
