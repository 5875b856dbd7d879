package org.warmupbot.core.testing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.Badge;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Code;
import org.warmupbot.core.pack.Difficulty;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.pack.Scoring;
import org.warmupbot.core.port.ChallengeCatalog;

/** Packs built in code for tests: small, and at the validator's limits. */
public final class TestPacks {
  private TestPacks() {}

  /**
   * A three-question pack: q1 and q2 single choice (right choice id {@code right}), q3 numeric (42 ± 0.5). Each
   * question lasts 2 minutes with 2 attempts.
   */
  public static ChallengePack small() {
    return new ChallengePack(
        "small",
        "Small Pack",
        "Three quick ones",
        new Badge("Small Master", "🏅", "Get all challenges correct to earn this badge!"),
        Scoring.DEFAULT,
        List.of(
            choiceQuestion("q1", "Conceptual", Difficulty.INTERMEDIATE),
            choiceQuestion("q2", "Metrics", Difficulty.EXPERT),
            new Question(
                "q3",
                "Hyperparameter",
                Difficulty.ADVANCED,
                "Count the steps",
                "How many?",
                new Code("python", "steps = 6 * 7\nprint(steps)"),
                new Answer.Numeric(new BigDecimal("42"), new BigDecimal("0.5")),
                "Multiply.",
                "6 times 7 is 42.",
                Duration.ofMinutes(2),
                2)),
        "v1");
  }

  private static Question choiceQuestion(String id, String category, Difficulty difficulty) {
    return new Question(
        id,
        category,
        difficulty,
        "Title of " + id,
        "Prompt of " + id,
        null,
        new Answer.SingleChoice(
            List.of(
                new Choice("right", "The right one", true),
                new Choice("wrong-a", "A wrong one", false),
                new Choice("wrong-b", "Another wrong one", false))),
        "Hint of " + id,
        "Explanation of " + id,
        Duration.ofMinutes(2),
        2);
  }

  /**
   * A pack whose every text is as long as the pack validator allows: title + prompt + code 3,000 characters,
   * five choices of 75, hint and explanation of 2,000, a 200-character title. Adapters prove their payloads
   * stay within platform limits with it.
   */
  public static ChallengePack longest() {
    List<Choice> choices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      choices.add(new Choice("choice-" + i, ("Choice " + i + " ").repeat(10).substring(0, 75), i == 0));
    }
    String title = "T".repeat(200);
    String code = ("x = 1  # a line of code that goes on\n").repeat(40);
    String prompt = "P".repeat(3000 - title.length() - code.length());
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      questions.add(
          new Question(
              "longest-question-id-number-" + i,
              "A category name of some length",
              Difficulty.EXPERT,
              title,
              prompt,
              new Code("python", code),
              new Answer.SingleChoice(choices),
              "H".repeat(2000),
              "E".repeat(2000),
              Duration.ofMinutes(15),
              5));
    }
    return new ChallengePack(
        "longest-pack-id-of-thirty-two-ch",
        "L".repeat(100),
        "G".repeat(300),
        new Badge("B".repeat(80), "🏆", "W".repeat(300)),
        Scoring.DEFAULT,
        questions,
        "v1");
  }

  public static ChallengeCatalog catalogOf(ChallengePack... packs) {
    List<ChallengePack> all = List.of(packs);
    return new ChallengeCatalog() {
      @Override
      public Optional<ChallengePack> find(String packId) {
        return all.stream().filter(p -> p.id().equals(packId)).findFirst();
      }

      @Override
      public List<ChallengePack> all() {
        return all;
      }
    };
  }
}
