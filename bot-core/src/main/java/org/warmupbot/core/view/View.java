package org.warmupbot.core.view;

import java.util.List;
import java.util.Optional;

/**
 * One screen of a challenge: a title, a body of text and code, facts, and the actions available now.
 *
 * @param screen which screen this is, so adapters can style it (an intro card, a question, feedback...)
 */
public record View(Screen screen, String title, List<Block> body, List<Fact> facts, List<Action> actions) {

  public enum Screen {
    INTRO,
    LIVE_SESSION_FOUND,
    QUESTION,
    FEEDBACK,
    TIMES_UP,
    SUMMARY,
    LEADERBOARD,
    PROFILE,
    MESSAGE
  }

  public View {
    body = List.copyOf(body);
    facts = List.copyOf(facts);
    actions = List.copyOf(actions);
  }

  /** A screen with only a title and a sentence, for refusals and notices. */
  public static View message(String title, String text) {
    return new View(Screen.MESSAGE, title, List.of(new Block.Text(text)), List.of(), List.of());
  }

  public <F extends Fact> Optional<F> fact(Class<F> kind) {
    return facts.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  public List<Action> actions(Action.Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).toList();
  }
}
