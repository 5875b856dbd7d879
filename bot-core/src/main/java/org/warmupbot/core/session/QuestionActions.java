package org.warmupbot.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.view.Action;

/**
 * The actions of a question that never change: built once per question, not on every press (each press shows a
 * screen, and their ids are strings to build). Only their order is per session.
 *
 * @param answers the choices in the pack's order, or the one typed-answer action
 */
record QuestionActions(List<Action> answers, Action hint, Action next) {
  static final Action ABANDON = new Action(new Command.Abandon().actionId(), "Quit", Action.Kind.ABANDON);

  /** Keyed by identity and held weakly: a reloaded pack's questions are new keys; the old ones go with it. */
  private static final Cache<Question, QuestionActions> BUILT = Caffeine.newBuilder().weakKeys().build();

  static QuestionActions of(Question question) {
    return BUILT.get(question, QuestionActions::build);
  }

  private static QuestionActions build(Question question) {
    List<Action> answers;
    if (question.answer() instanceof Answer.SingleChoice single) {
      answers =
          single.choices().stream()
              .map(
                  (Choice choice) ->
                      new Action(
                          new Command.Choose(question.id(), choice.id()).actionId(), choice.label(), Action.Kind.CHOICE))
              .toList();
    } else {
      answers =
          List.of(
              new Action(new Command.Type(question.id(), "").actionId(), "Type your answer", Action.Kind.TYPED_ANSWER));
    }
    return new QuestionActions(
        answers,
        new Action(new Command.Hint(question.id()).actionId(), "Hint", Action.Kind.HINT),
        new Action(new Command.Next(question.id()).actionId(), "Next question", Action.Kind.NEXT));
  }
}
