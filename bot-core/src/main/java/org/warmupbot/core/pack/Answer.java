package org.warmupbot.core.pack;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a question is answered: by picking one of its choices, or by typing a number. */
public sealed interface Answer {

  /** The right answer as a member reads it: the correct choice's label, or the expected number. */
  String rightAnswerText();

  /** Exactly one of 2 to 5 choices is correct. */
  record SingleChoice(List<Choice> choices) implements Answer {
    public SingleChoice {
      choices = Checks.nonEmptyCopy(choices, "choices");
      if (choices.size() < 2 || choices.size() > 5) {
        throw new IllegalArgumentException("choices must hold 2 to 5 entries, not " + choices.size());
      }
      if (choices.stream().filter(Choice::correct).count() != 1) {
        throw new IllegalArgumentException("exactly one choice must be correct");
      }
    }

    @Override
    public String rightAnswerText() {
      return correctChoice().label();
    }

    public Choice correctChoice() {
      return choices.stream().filter(Choice::correct).findFirst().orElseThrow();
    }

    public Optional<Choice> choice(String id) {
      return choices.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The choice whose label is {@code typed}, ignoring case and surrounding or repeated spaces. */
    public Optional<Choice> choiceLabelled(String typed) {
      String wanted = normalize(typed);
      return choices.stream().filter(c -> normalize(c.label()).equals(wanted)).findFirst();
    }

    /** How typed text and labels are compared: case, surrounding and repeated spaces ignored. */
    static String normalize(String text) {
      return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
  }

  /** A typed number, right when it lies within {@code tolerance} of {@code value}. */
  record Numeric(BigDecimal value, BigDecimal tolerance) implements Answer {
    public Numeric {
      if (value == null) {
        throw new IllegalArgumentException("numeric.value must be set");
      }
      if (tolerance == null || tolerance.signum() < 0) {
        throw new IllegalArgumentException("numeric.tolerance must be zero or more");
      }
    }

    public boolean accepts(BigDecimal typed) {
      return typed.subtract(value).abs().compareTo(tolerance) <= 0;
    }

    /** The shortest plain rendering of the expected value, e.g. {@code 0.08} or {@code 10}. */
    @Override
    public String rightAnswerText() {
      return value.stripTrailingZeros().toPlainString();
    }
  }
}
