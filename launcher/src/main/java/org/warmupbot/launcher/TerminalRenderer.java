package org.warmupbot.launcher;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.ClockText;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;

/** Turns the core's views into plain terminal text; choices get the letters A to E in the order shown. */
final class TerminalRenderer {
  private static final String RULE = "────────────────────────────────────────────────────────────";

  private final Clock clock;

  TerminalRenderer(Clock clock) {
    this.clock = clock;
  }

  String render(View view) {
    StringBuilder out = new StringBuilder();
    out.append('\n').append(RULE).append('\n');
    String facts = facts(view);
    if (!facts.isEmpty()) {
      out.append(facts).append('\n');
    }
    out.append(view.title()).append("\n\n");
    for (Block block : view.body()) {
      if (block instanceof Block.Text text) {
        out.append(text.text()).append("\n\n");
      } else if (block instanceof Block.CodeListing code) {
        out.append("    [").append(code.language()).append("]\n");
        for (String line : code.source().split("\n", -1)) {
          out.append("    │ ").append(line).append('\n');
        }
        out.append('\n');
      } else if (block instanceof Block.ResultLine line) {
        out.append(String.format("  %s Q%d  %-50s %4d pts%n", line.correct() ? "✓" : "✗", line.number(), line.title(), line.points()));
      } else if (block instanceof Block.RankLine rank) {
        out.append(
            String.format(
                "%s%3d. %-24s %5d pts  %s%n",
                rank.viewer() ? "→" : " ", rank.rank(), rank.userId(), rank.score(), ClockText.of(rank.totalTime())));
      }
    }
    List<Action> choices = view.actions(Action.Kind.CHOICE);
    for (int i = 0; i < choices.size(); i++) {
      out.append("  ").append(letter(i)).append(") ").append(choices.get(i).label()).append('\n');
    }
    return out.toString();
  }

  /** The line asking for input on this view. */
  String prompt(View view) {
    List<String> keys = new ArrayList<>();
    if (!view.actions(Action.Kind.CHOICE).isEmpty()) {
      keys.add("A-" + letter(view.actions(Action.Kind.CHOICE).size() - 1) + " or the choice's text");
    }
    if (!view.actions(Action.Kind.TYPED_ANSWER).isEmpty()) {
      keys.add("a number");
    }
    if (!view.actions(Action.Kind.HINT).isEmpty()) {
      keys.add("h = hint");
    }
    if (!view.actions(Action.Kind.NEXT).isEmpty()) {
      keys.add("Enter = next question");
    }
    if (!view.actions(Action.Kind.RESUME).isEmpty()) {
      keys.add(view.actions(Action.Kind.RESTART).isEmpty() ? "r = resume" : "r = resume, n = restart");
    }
    keys.add("q = quit");
    return "> (" + String.join(", ", keys) + ") ";
  }

  static char letter(int index) {
    return (char) ('A' + index);
  }

  private String facts(View view) {
    List<String> parts = new ArrayList<>();
    for (Fact fact : view.facts()) {
      if (fact instanceof Fact.Progress progress) {
        parts.add("Question " + progress.number() + "/" + progress.total());
      } else if (fact instanceof Fact.Category category) {
        parts.add(category.name());
      } else if (fact instanceof Fact.Level level) {
        parts.add(level.difficulty().label());
      } else if (fact instanceof Fact.Deadline deadline) {
        Duration left = Duration.between(clock.instant(), deadline.at());
        parts.add("⏳ " + timeLeft(left) + " left");
      } else if (fact instanceof Fact.AttemptsLeft attempts) {
        parts.add(attempts.attempts() + (attempts.attempts() == 1 ? " attempt left" : " attempts left"));
      } else if (fact instanceof Fact.TimeAllowed time) {
        parts.add(time.shown() + " per question");
      } else if (fact instanceof Fact.QuestionCount count) {
        parts.add(count.count() + " questions");
      } else if (fact instanceof Fact.Score score) {
        parts.add("Score " + score.points());
      } else if (fact instanceof Fact.TotalTime total) {
        parts.add("Time " + ClockText.of(total.time()));
      }
    }
    return String.join(" · ", parts);
  }

  /**
   * A time taken or allowed: {@code m:ss}, or {@code h:mm:ss} past an hour, whole seconds cut off. The same rule
   * as the core's leaderboards and profile, so {@code profile}, {@code leaderboard} and the summary agree.
   */
  /**
   * The time left before a deadline, rounded up to the second: a question just shown reads 2:00, not 1:59, and
   * 0:00 only once the deadline has passed.
   */
  static String timeLeft(Duration left) {
    return ClockText.of(Duration.ofSeconds((Math.max(0, left.toMillis()) + 999) / 1000));
  }
}
