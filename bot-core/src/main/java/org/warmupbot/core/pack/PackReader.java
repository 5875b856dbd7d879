package org.warmupbot.core.pack;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.session.Command;

/**
 * Turns the YAML tree of one pack file into a {@link ChallengePack}, checking every field and reporting each
 * problem with its position instead of stopping at the first. Limits come from what Slack and Discord show.
 * Not thread-safe; one instance per file.
 */
final class PackReader {
  static final int MAX_TITLE = 200;
  static final int MAX_TAGLINE = 200;
  static final int MAX_BADGE_NAME = 100; // Discord's role name limit
  static final int MAX_EMOJI = 64;
  static final int MAX_CATEGORY = 50;
  static final int MAX_LANGUAGE = 20;
  static final int MAX_LABEL = 75; // Slack's button text limit
  static final int MAX_SECTION = 3000; // Slack's section text limit: question title + prompt + code
  static final int MAX_HINT = 2000;
  static final int MAX_EXPLANATION = 2000;
  static final int MIN_CHOICES = 2;
  static final int MAX_CHOICES = 5;
  static final int MAX_QUESTIONS = 50;
  static final int MIN_ATTEMPTS = 1;
  static final int MAX_ATTEMPTS = 5;
  static final int MAX_POINTS = 10_000;
  static final Duration MIN_TIME = Duration.ofSeconds(10);
  static final Duration MAX_TIME = Duration.ofMinutes(15);

  /** {@code 2m}, {@code 90s} or {@code 1m30s}. */
  static final Pattern DURATION = Pattern.compile("(?:(\\d{1,4})m)?(?:(\\d{1,5})s)?");

  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9+#._-]+");

  private static final List<String> PACK_KEYS =
      List.of("id", "title", "tagline", "badge", "defaults", "scoring", "questions");
  private static final List<String> BADGE_KEYS = List.of("name", "emoji", "howToEarn");
  private static final List<String> DEFAULTS_KEYS = List.of("timeLimit", "attempts");
  private static final List<String> SCORING_KEYS =
      List.of("points", "retryPenaltyPercent", "hintPenaltyPercent", "maxTimeBonus");
  private static final List<String> POINTS_KEYS = List.of("beginner", "intermediate", "advanced", "expert");
  private static final List<String> QUESTION_KEYS =
      List.of("id", "category", "difficulty", "title", "prompt", "code", "answer", "hint", "explanation",
          "timeLimit", "attempts");
  private static final List<String> CODE_KEYS = List.of("language", "source");
  private static final List<String> ANSWER_KEYS = List.of("choices", "numeric");
  private static final List<String> CHOICE_KEYS = List.of("id", "label", "correct");
  private static final List<String> NUMERIC_KEYS = List.of("value", "tolerance");

  private final Problems problems;

  PackReader(Problems problems) {
    this.problems = problems;
  }

  /** The pack, or empty when any problem was found (all of them are then in {@code problems}). */
  Optional<ChallengePack> read(YamlNode root, String version) {
    int before = problems.size();
    YamlNode.Mapping pack = mapping(root, "", "the pack");
    if (pack == null) {
      return Optional.empty();
    }
    keys(pack, "", PACK_KEYS);
    String id = id(pack, "", "id", "the pack's id, e.g. warmup-mastery");
    String title = text(pack, "", "title", true, MAX_TITLE, "the pack's title");
    String tagline = text(pack, "", "tagline", true, MAX_TAGLINE, "one line that invites members in");
    Badge badge = badge(pack);
    Defaults defaults = defaults(pack);
    Scoring scoring = scoring(pack);
    List<Question> questions = questions(pack, defaults);
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ChallengePack(id, title, tagline, badge, scoring, questions, version));
    } catch (IllegalArgumentException | NullPointerException e) {
      // Every rule of the records is checked above; this is a safety net, not a path we expect.
      problems.at(root, "", "the pack is not valid: " + e.getMessage());
      return Optional.empty();
    }
  }

  private @Nullable Badge badge(YamlNode.Mapping pack) {
    YamlNode node = required(pack, "", "badge", "the badge: name, emoji and howToEarn");
    YamlNode.Mapping badge = node == null ? null : mapping(node, "badge", "the badge");
    if (badge == null) {
      return null;
    }
    keys(badge, "badge", BADGE_KEYS);
    String name = text(badge, "badge", "name", true, MAX_BADGE_NAME, "the badge's name, e.g. Warmup Master");
    String emoji = text(badge, "badge", "emoji", true, MAX_EMOJI, "an emoji shown with the badge, e.g. 🔥");
    String howToEarn =
        text(badge, "badge", "howToEarn", true, MAX_TAGLINE, "one sentence telling members how to earn it");
    return name == null || emoji == null || howToEarn == null ? null : new Badge(name, emoji, howToEarn);
  }

  /** The pack's defaults; {@code *Written} tells a default that was given but refused from one not given. */
  private record Defaults(
      @Nullable Duration timeLimit, boolean timeLimitWritten, @Nullable Integer attempts, boolean attemptsWritten) {}

  private Defaults defaults(YamlNode.Mapping pack) {
    YamlNode node = optional(pack, "defaults");
    YamlNode.Mapping defaults = node == null ? null : mapping(node, "defaults", "the defaults");
    if (defaults == null) {
      return new Defaults(null, false, null, false);
    }
    keys(defaults, "defaults", DEFAULTS_KEYS);
    return new Defaults(
        duration(defaults, "defaults", "timeLimit", false),
        optional(defaults, "timeLimit") != null,
        integer(defaults, "defaults", "attempts", false, MIN_ATTEMPTS, MAX_ATTEMPTS),
        optional(defaults, "attempts") != null);
  }

  private Scoring scoring(YamlNode.Mapping pack) {
    YamlNode node = optional(pack, "scoring");
    YamlNode.Mapping scoring = node == null ? null : mapping(node, "scoring", "the scoring");
    if (scoring == null) {
      return Scoring.DEFAULT;
    }
    keys(scoring, "scoring", SCORING_KEYS);
    Scoring fallback = Scoring.DEFAULT;
    Map<Difficulty, Integer> points = new EnumMap<>(fallback.pointsByDifficulty());
    YamlNode pointsNode = optional(scoring, "points");
    YamlNode.Mapping pointsMap = pointsNode == null ? null : mapping(pointsNode, "scoring.points", "the points");
    if (pointsMap != null) {
      keys(pointsMap, "scoring.points", POINTS_KEYS);
      for (Difficulty difficulty : Difficulty.values()) {
        Integer value = integer(pointsMap, "scoring.points", difficulty.label(), false, 0, MAX_POINTS);
        if (value != null) {
          points.put(difficulty, value);
        }
      }
    }
    Integer retry = integer(scoring, "scoring", "retryPenaltyPercent", false, 0, 100);
    Integer hint = integer(scoring, "scoring", "hintPenaltyPercent", false, 0, 100);
    Integer bonus = integer(scoring, "scoring", "maxTimeBonus", false, 0, MAX_POINTS);
    return new Scoring(
        points,
        retry == null ? fallback.retryPenaltyPercent() : retry,
        hint == null ? fallback.hintPenaltyPercent() : hint,
        bonus == null ? fallback.maxTimeBonus() : bonus);
  }

  private List<Question> questions(YamlNode.Mapping pack, Defaults defaults) {
    YamlNode node = required(pack, "", "questions", "the list of questions, in the order they are asked");
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof YamlNode.Sequence)) {
      problems.at(node, "questions", "must be a list of questions (each starting with '- id:'), not " + node.kind());
      return List.of();
    }
    List<YamlNode> items = ((YamlNode.Sequence) node).items();
    if (items.isEmpty() || items.size() > MAX_QUESTIONS) {
      problems.at(node, "questions",
          "has " + items.size() + " questions; a pack needs 1 to " + MAX_QUESTIONS);
    }
    List<Question> questions = new ArrayList<>();
    Map<String, YamlNode> seenIds = new HashMap<>();
    Map<String, String> seenFields = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String field = "questions[" + i + "]";
      YamlNode.Mapping question = mapping(items.get(i), field, "a question");
      if (question == null) {
        continue;
      }
      Question read = question(question, field, defaults);
      YamlNode idNode = optional(question, "id");
      String id = idNode instanceof YamlNode.Scalar ? ((YamlNode.Scalar) idNode).text().strip() : null;
      if (id != null && !id.isEmpty()) {
        YamlNode earlier = seenIds.putIfAbsent(id, idNode);
        if (earlier != null) {
          problems.at(idNode, field + ".id",
              "the id '" + id + "' is already used by " + seenFields.get(id) + " (line " + earlier.line()
                  + "); give every question its own id");
        } else {
          seenFields.put(id, field);
        }
      }
      if (read != null) {
        questions.add(read);
      }
    }
    return questions;
  }

  private @Nullable Question question(YamlNode.Mapping question, String field, Defaults defaults) {
    int before = problems.size();
    keys(question, field, QUESTION_KEYS);
    String id = id(question, field, "id", "the question's id, e.g. why-warmup");
    String category = text(question, field, "category", true, MAX_CATEGORY, "free text, e.g. Conceptual");
    Difficulty difficulty = difficulty(question, field);
    String title = text(question, field, "title", true, MAX_TITLE, "the question's title");
    String prompt = text(question, field, "prompt", true, Integer.MAX_VALUE, "the question itself");
    Code code = code(question, field);
    sectionLength(question, field, title, prompt, code);
    Answer answer = answer(question, field);
    String hint = text(question, field, "hint", true, MAX_HINT, "a hint that helps without giving it away");
    String explanation =
        text(question, field, "explanation", true, MAX_EXPLANATION, "why the right answer is right");
    Duration timeLimit = duration(question, field, "timeLimit", false);
    Integer attempts = integer(question, field, "attempts", false, MIN_ATTEMPTS, MAX_ATTEMPTS);
    if (timeLimit == null && optional(question, "timeLimit") == null) {
      timeLimit = defaults.timeLimit();
      if (timeLimit == null && !defaults.timeLimitWritten()) {
        problems.at(question, field + ".timeLimit",
            "no time limit; add 'timeLimit:' here or to the pack's 'defaults:', e.g. timeLimit: 2m");
      }
    }
    if (attempts == null && optional(question, "attempts") == null) {
      attempts = defaults.attempts();
      if (attempts == null && !defaults.attemptsWritten()) {
        problems.at(question, field + ".attempts",
            "no number of attempts; add 'attempts:' here or to the pack's 'defaults:', e.g. attempts: 2");
      }
    }
    // A refused default leaves timeLimit or attempts unset without a problem of this question's own.
    if (problems.size() > before || timeLimit == null || attempts == null) {
      return null;
    }
    return new Question(id, category, difficulty, title, prompt, code, answer, hint, explanation, timeLimit,
        attempts);
  }

  private @Nullable Difficulty difficulty(YamlNode.Mapping question, String field) {
    String allowed = List.of(Difficulty.values()).stream().map(Difficulty::label).collect(Collectors.joining(", "));
    String text = text(question, field, "difficulty", true, Integer.MAX_VALUE, "one of " + allowed);
    if (text == null) {
      return null;
    }
    for (Difficulty difficulty : Difficulty.values()) {
      if (difficulty.label().equals(text)) {
        return difficulty;
      }
    }
    problems.at(question.entries().get("difficulty").value(), field + ".difficulty",
        "'" + text + "' is not a difficulty; use one of " + allowed);
    return null;
  }

  private @Nullable Code code(YamlNode.Mapping question, String field) {
    YamlNode node = optional(question, "code");
    String path = field + ".code";
    YamlNode.Mapping code = node == null ? null : mapping(node, path, "the code listing");
    if (code == null) {
      return null;
    }
    keys(code, path, CODE_KEYS);
    String language = text(code, path, "language", true, MAX_LANGUAGE, "the language, e.g. python");
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      problems.at(code.entries().get("language").value(), path + ".language",
          "'" + language + "' is not a language name; use letters, digits and + # . _ -, e.g. python");
      language = null;
    }
    YamlNode sourceNode = required(code, path, "source", "the code, as a block: 'source: |' then indented lines");
    String source = null;
    if (sourceNode != null) {
      source = scalarText(sourceNode, path + ".source");
      if (source != null) {
        // Keep indentation; drop the newline a '|' block ends with.
        source = source.stripTrailing();
        if (source.isEmpty()) {
          problems.at(sourceNode, path + ".source", "must not be empty; write the code or remove 'code:'");
          source = null;
        }
      }
    }
    return language == null || source == null ? null : new Code(language, source);
  }

  private void sectionLength(
      YamlNode.Mapping question, String field, @Nullable String title, @Nullable String prompt,
      @Nullable Code code) {
    if (title == null || prompt == null) {
      return;
    }
    int length = length(title) + length(prompt) + (code == null ? 0 : length(code.source()));
    if (length > MAX_SECTION) {
      problems.at(question.entries().get("prompt").value(), field + ".prompt",
          "title, prompt and code together are " + length + " characters; Slack shows at most " + MAX_SECTION
              + " in one section, so cut " + (length - MAX_SECTION));
    }
  }

  private @Nullable Answer answer(YamlNode.Mapping question, String field) {
    String path = field + ".answer";
    String kinds = "either 'choices:' (2 to 5, the right one with 'correct: true') or 'numeric:' (its 'value:')";
    YamlNode node = required(question, field, "answer", kinds);
    YamlNode.Mapping answer = node == null ? null : mapping(node, path, "the answer, " + kinds + ",");
    if (answer == null) {
      return null;
    }
    keys(answer, path, ANSWER_KEYS);
    YamlNode choices = optional(answer, "choices");
    YamlNode numeric = optional(answer, "numeric");
    if (choices != null && numeric != null) {
      problems.at(answer, path, "has both 'choices' and 'numeric'; keep the one this question uses");
      return null;
    }
    if (choices != null) {
      return choices(choices, path + ".choices");
    }
    if (numeric != null) {
      return numeric(numeric, path + ".numeric");
    }
    problems.at(answer, path,
        "has neither 'choices' nor 'numeric'; add 'choices:' (2 to 5, one with 'correct: true') or "
            + "'numeric:' with a 'value:'");
    return null;
  }

  private @Nullable Answer choices(YamlNode node, String path) {
    if (!(node instanceof YamlNode.Sequence)) {
      problems.at(node, path, "must be a list of choices (each starting with '- id:'), not " + node.kind());
      return null;
    }
    int before = problems.size();
    List<YamlNode> items = ((YamlNode.Sequence) node).items();
    if (items.size() < MIN_CHOICES || items.size() > MAX_CHOICES) {
      problems.at(node, path, "has " + items.size() + (items.size() == 1 ? " choice" : " choices")
          + "; offer " + MIN_CHOICES + " to " + MAX_CHOICES);
    }
    List<Choice> choices = new ArrayList<>();
    List<String> correctIds = new ArrayList<>();
    boolean correctUnknown = false;
    Map<String, String> seen = new HashMap<>();
    Map<String, String> seenLabels = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String field = path + "[" + i + "]";
      YamlNode.Mapping choice = mapping(items.get(i), field, "a choice");
      if (choice == null) {
        continue;
      }
      keys(choice, field, CHOICE_KEYS);
      String id = id(choice, field, "id", "the choice's id, e.g. a");
      String label = text(choice, field, "label", true, MAX_LABEL, "the text on the choice's button");
      Boolean correct = bool(choice, field, "correct");
      if (id != null) {
        YamlNode idNode = choice.entries().get("id").value();
        String earlier = seen.putIfAbsent(id, field + " (line " + idNode.line() + ")");
        if (earlier != null) {
          problems.at(idNode, field + ".id",
              "the id '" + id + "' is already used by " + earlier + "; give every choice its own id");
        }
      }
      if (label != null) {
        // Compared as the answer matcher reads typed text: two such labels are two identical buttons, and
        // typing the text would always pick the first.
        YamlNode labelNode = choice.entries().get("label").value();
        String earlier =
            seenLabels.putIfAbsent(Answer.SingleChoice.normalize(label), "choices[" + i + "] (line " + labelNode.line() + ")");
        if (earlier != null) {
          problems.at(labelNode, field + ".label", "same text as " + earlier + "; make every label different");
        }
      }
      correctUnknown |= correct == null;
      if (Boolean.TRUE.equals(correct)) {
        correctIds.add(id == null ? field : id);
      }
      if (id != null && label != null && correct != null) {
        choices.add(new Choice(id, label, correct));
      }
    }
    if (correctIds.isEmpty() && !correctUnknown) {
      problems.at(node, path, "no choice is marked correct; add 'correct: true' to the right one");
    } else if (correctIds.size() > 1) {
      problems.at(node, path, count(correctIds.size()) + " choices are marked correct (" + String.join(", ", correctIds)
          + "); mark exactly one");
    }
    return problems.size() > before ? null : new Answer.SingleChoice(choices);
  }

  private @Nullable Answer numeric(YamlNode node, String path) {
    YamlNode.Mapping numeric = mapping(node, path, "the numeric answer");
    if (numeric == null) {
      return null;
    }
    keys(numeric, path, NUMERIC_KEYS);
    BigDecimal value = number(numeric, path, "value", true);
    BigDecimal tolerance = number(numeric, path, "tolerance", false);
    if (tolerance != null && tolerance.signum() < 0) {
      problems.at(numeric.entries().get("tolerance").value(), path + ".tolerance",
          "must be zero or more; it is how far a typed answer may be from the value");
      return null;
    }
    return value == null ? null : new Answer.Numeric(value, tolerance == null ? BigDecimal.ZERO : tolerance);
  }

  // ---- field helpers: each reports its own problem and returns null when the value cannot be used ----

  private YamlNode.@Nullable Mapping mapping(YamlNode node, String field, String what) {
    if (node instanceof YamlNode.Mapping) {
      return (YamlNode.Mapping) node;
    }
    problems.at(node, field, "must be " + what + " written as 'key: value' lines, not " + node.kind());
    return null;
  }

  private void keys(YamlNode.Mapping mapping, String field, List<String> allowed) {
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!allowed.contains(entry.key())) {
        String suggestion = ClosestKey.to(entry.key(), allowed).map(s -> "did you mean '" + s + "'? ").orElse("");
        problems.add(entry.line(), entry.column(), join(field, entry.key()),
            "unknown key; " + suggestion + "allowed here: " + String.join(", ", allowed));
      }
    }
  }

  private static @Nullable YamlNode optional(YamlNode.Mapping mapping, String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    return entry == null ? null : entry.value();
  }

  private @Nullable YamlNode required(YamlNode.Mapping mapping, String field, String key, String what) {
    YamlNode node = optional(mapping, key);
    if (node == null) {
      problems.at(mapping, join(field, key), "missing; add '" + key + ":' (" + what + ")");
    }
    return node;
  }

  /** The stripped text of a scalar; numbers and booleans count as text as written. */
  private @Nullable String scalarText(YamlNode node, String field) {
    if (!(node instanceof YamlNode.Scalar)) {
      problems.at(node, field, "must be text, not " + node.kind());
      return null;
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    if (scalar.isNull()) {
      problems.at(node, field, "is empty; write a value after the colon");
      return null;
    }
    return scalar.text();
  }

  private @Nullable String text(
      YamlNode.Mapping mapping, String parent, String key, boolean required, int maxLength, String what) {
    YamlNode node = required ? required(mapping, parent, key, what) : optional(mapping, key);
    if (node == null) {
      return null;
    }
    String field = join(parent, key);
    String text = scalarText(node, field);
    if (text == null) {
      return null;
    }
    text = text.strip();
    if (text.isEmpty()) {
      problems.at(node, field, "is blank; write " + what);
      return null;
    }
    if (length(text) > maxLength) {
      problems.at(node, field, "is " + length(text) + " characters; shorten it to at most " + maxLength);
      return null;
    }
    return text;
  }

  private @Nullable String id(YamlNode.Mapping mapping, String parent, String key, String what) {
    String id = text(mapping, parent, key, true, Integer.MAX_VALUE, what);
    if (id != null && !Command.ID.matcher(id).matches()) {
      problems.at(mapping.entries().get(key).value(), join(parent, key),
          "'" + id + "' is not a valid id; use 1 to 32 lower-case letters, digits and dashes, "
              + "starting with a letter or digit");
      return null;
    }
    return id;
  }

  private @Nullable Integer integer(
      YamlNode.Mapping mapping, String parent, String key, boolean required, int min, int max) {
    YamlNode node = required ? required(mapping, parent, key, "a whole number") : optional(mapping, key);
    if (node == null) {
      return null;
    }
    String field = join(parent, key);
    if (!(node instanceof YamlNode.Scalar) || ((YamlNode.Scalar) node).token() != JsonToken.VALUE_NUMBER_INT) {
      problems.at(node, field, "must be a whole number from " + min + " to " + max + ", not " + describe(node));
      return null;
    }
    BigDecimal value = parse(((YamlNode.Scalar) node).text());
    if (value == null || value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      problems.at(node, field, "is " + ((YamlNode.Scalar) node).text() + "; use a number from " + min + " to " + max);
      return null;
    }
    return value.intValueExact();
  }

  private @Nullable BigDecimal number(YamlNode.Mapping mapping, String parent, String key, boolean required) {
    YamlNode node = required ? required(mapping, parent, key, "a number, e.g. 10 or 0.5") : optional(mapping, key);
    if (node == null) {
      return null;
    }
    String field = join(parent, key);
    JsonToken token = node instanceof YamlNode.Scalar ? ((YamlNode.Scalar) node).token() : null;
    BigDecimal value =
        token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
            ? parse(((YamlNode.Scalar) node).text())
            : null;
    if (value == null) {
      // Only a quoted number reads as text that parses: unquoted words are not numbers in any spelling.
      String hint = token == JsonToken.VALUE_STRING && parse(((YamlNode.Scalar) node).text().strip()) != null
          ? " (remove the quotes)" : "";
      problems.at(node, field, "must be a number, e.g. 10 or 0.5, not " + describe(node) + hint);
    }
    return value;
  }

  private @Nullable Boolean bool(YamlNode.Mapping mapping, String parent, String key) {
    YamlNode node = optional(mapping, key);
    if (node == null) {
      return false;
    }
    JsonToken token = node instanceof YamlNode.Scalar ? ((YamlNode.Scalar) node).token() : null;
    if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
      return token == JsonToken.VALUE_TRUE;
    }
    String hint = token == JsonToken.VALUE_STRING && ((YamlNode.Scalar) node).text().strip().matches("(?i)true|false")
        ? " (remove the quotes)" : "";
    problems.at(node, join(parent, key), "must be true or false, not " + describe(node) + hint);
    return null;
  }

  private @Nullable Duration duration(YamlNode.Mapping mapping, String parent, String key, boolean required) {
    YamlNode node = required ? required(mapping, parent, key, "a time such as 2m or 90s") : optional(mapping, key);
    if (node == null) {
      return null;
    }
    String field = join(parent, key);
    String format = "write minutes and/or seconds like 2m, 90s or 1m30s";
    if (!(node instanceof YamlNode.Scalar) || ((YamlNode.Scalar) node).token() != JsonToken.VALUE_STRING) {
      problems.at(node, field, "must be a time, not " + describe(node) + "; " + format);
      return null;
    }
    String text = ((YamlNode.Scalar) node).text().strip();
    Matcher matcher = DURATION.matcher(text);
    if (text.isEmpty() || !matcher.matches()) {
      problems.at(node, field, "'" + text + "' is not a time; " + format);
      return null;
    }
    Duration duration = Duration.ZERO;
    if (matcher.group(1) != null) {
      duration = duration.plusMinutes(Long.parseLong(matcher.group(1)));
    }
    if (matcher.group(2) != null) {
      duration = duration.plusSeconds(Long.parseLong(matcher.group(2)));
    }
    if (duration.compareTo(MIN_TIME) < 0 || duration.compareTo(MAX_TIME) > 0) {
      problems.at(node, field, "'" + text + "' is outside the allowed range; use 10s to 15m");
      return null;
    }
    return duration;
  }

  // ---- small utilities ----

  private static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  private static String describe(YamlNode node) {
    if (node instanceof YamlNode.Scalar && !((YamlNode.Scalar) node).isNull()) {
      return node.kind() + " '" + ((YamlNode.Scalar) node).text() + "'";
    }
    return node.kind();
  }

  private static @Nullable BigDecimal parse(String text) {
    try {
      return new BigDecimal(text.replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String count(int n) {
    switch (n) {
      case 2:
        return "two";
      case 3:
        return "three";
      case 4:
        return "four";
      case 5:
        return "five";
      default:
        return String.valueOf(n);
    }
  }

}
