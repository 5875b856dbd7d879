package org.warmupbot.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmupbot.core.pack.PackYaml.VALID;
import static org.warmupbot.core.pack.PackYaml.loadOne;
import static org.warmupbot.core.pack.PackYaml.problems;
import static org.warmupbot.core.pack.PackYaml.problemsOf;
import static org.warmupbot.core.pack.PackYaml.repeat;
import static org.warmupbot.core.pack.PackYaml.replacing;
import static org.warmupbot.core.pack.PackYaml.write;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule of the pack format: each asserts the file, line, column and field of the problem. */
final class PackLoaderTest {
  @TempDir Path dir;

  private static final String SECOND_QUESTION =
      """
        - id: q2
          category: Metrics
          difficulty: expert
          title: Second
          prompt: Type 10.
          answer:
            numeric:
              value: 10
          hint: Ten.
          explanation: It is 10.
      """;

  private static final String CODE_QUESTION =
      """
      questions:
        - id: q1
          category: Predict Output
          difficulty: beginner
          title: First
          prompt: PROMPT
          code:
            language: python
            source: |
              SOURCE
          answer:
      """;

  // ---- the happy path ----

  @Test
  void validPack_loadsIntoRecordsWithDefaultsApplied() throws Exception {
    ChallengePack pack = loadOne(dir, VALID + SECOND_QUESTION);

    assertThat(pack.id()).isEqualTo("sample");
    assertThat(pack.badge()).isEqualTo(new Badge("Sampler", "🔥", "Answer everything."));
    assertThat(pack.scoring()).isEqualTo(Scoring.DEFAULT);
    Question first = pack.question(0);
    assertThat(first.difficulty()).isEqualTo(Difficulty.BEGINNER);
    assertThat(first.timeLimit()).isEqualTo(Duration.ofMinutes(2));
    assertThat(first.attempts()).isEqualTo(2);
    assertThat(first.code()).isNull();
    assertThat(((Answer.SingleChoice) first.answer()).correctChoice().id()).isEqualTo("b");
    assertThat(pack.question(1).answer()).isEqualTo(new Answer.Numeric(new BigDecimal("10"), BigDecimal.ZERO));
  }

  @Test
  void questionTimeLimitAndAttempts_overrideTheDefaults() throws Exception {
    String yaml = replacing("    explanation: b is right.", "    explanation: b is right.\n    timeLimit: 1m30s\n    attempts: 5");

    Question question = loadOne(dir, yaml).question(0);

    assertThat(question.timeLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(question.attempts()).isEqualTo(5);
  }

  @Test
  void timeLimit_acceptsMinutesSecondsAndBothAtTheLimits() throws Exception {
    assertThat(loadOne(dir, replacing("  timeLimit: 2m", "  timeLimit: 10s")).question(0).timeLimit())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(loadOne(dir, replacing("  timeLimit: 2m", "  timeLimit: 15m")).question(0).timeLimit())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(loadOne(dir, replacing("  timeLimit: 2m", "  timeLimit: 120s")).question(0).timeLimit())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void scoring_partlyGiven_keepsTheDefaultForTheRest() throws Exception {
    String yaml = replacing("defaults:", "scoring:\n  points:\n    expert: 500\n  hintPenaltyPercent: 10\ndefaults:");

    Scoring scoring = loadOne(dir, yaml).scoring();

    assertThat(scoring.pointsByDifficulty()).containsEntry(Difficulty.EXPERT, 500)
        .containsEntry(Difficulty.BEGINNER, 50);
    assertThat(scoring.hintPenaltyPercent()).isEqualTo(10);
    assertThat(scoring.retryPenaltyPercent()).isEqualTo(Scoring.DEFAULT.retryPenaltyPercent());
    assertThat(scoring.maxTimeBonus()).isEqualTo(Scoring.DEFAULT.maxTimeBonus());
  }

  /**
   * Review 10: the version was the digest of the file's bytes, so a restart after any edit (a comment, say)
   * dropped every session in progress on the pack. Only what the pack says changes it.
   */
  @Test
  void version_changesWithWhatThePackSays_notWithCommentsOrLayout() throws Exception {
    ChallengePack pack = loadOne(dir, VALID);
    ChallengePack commented = loadOne(dir, "# a comment\n" + VALID.replace("\n", "   \n") + "# another\n");
    ChallengePack edited = loadOne(dir, VALID.replace("name: Sampler", "name: Sampler, edited"));

    assertThat(pack.version()).matches("[0-9a-f]{12}");
    assertThat(commented.version()).isEqualTo(pack.version());
    assertThat(edited.version()).isNotEqualTo(pack.version());
    assertThat(loadOne(dir, VALID).version()).as("the same file, read again").isEqualTo(pack.version());
  }

  // ---- YAML itself ----

  @Test
  void malformedYaml_reportsWhereTheParserStopped() {
    List<PackProblem> problems = problems(dir, replacing("    title: First", "    title: First: second"));

    assertSingle(problems, 15, 17, "", "YAML syntax error: mapping values are not allowed here");
    assertThat(problems.get(0).toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Review 9: a quote left open was reported where YAML stopped, at the next quote, many lines on. */
  @Test
  void quoteLeftOpen_namesTheLineWhereItOpens() throws Exception {
    String yaml = """
        id: p
        title: "Sampler
        tagline: T
        badge: {name: B, emoji: x, howToEarn: H}
        defaults: {timeLimit: 2m, attempts: 2}
        questions:
          - id: q
            category: C
            difficulty: beginner
            title: T
            prompt: P
            answer:
              numeric: {value: 1}
            hint: h
            explanation: say "hi" here
        """;

    List<PackProblem> problems = problems(dir, yaml);

    assertThat(problems).singleElement().asString().contains("pack.yml:15:")
        .contains("line 2 opens a quoted value that only closes here: add its closing quote on line 2, or write the"
            + " text as a block (|)");
  }

  @Test
  void unclosedQuotesOpeningLine_findsTheOpeningLine_notAQuoteClosedOnItsOwnLineOrALegalMultiLineOne() {
    assertThat(UnclosedQuotes.openingLine("a: \"x\nb: y \"z\" w\n", 2)).isEqualTo(1);
    assertThat(UnclosedQuotes.openingLine("a: \"x\"\nb: 'it''s'\nc: \"open\nstill\" done\nd: \"bad\n", 5))
        .isZero();
    assertThat(UnclosedQuotes.openingLine("- 'x\n- y' z\n", 2)).isEqualTo(1);
    assertThat(UnclosedQuotes.openingLine("a: \"esc \\\" still open\nb: \"\n", 2)).isEqualTo(1);
  }

  @Test
  void tabIndentation_isASyntaxErrorAtTheTab() {
    List<PackProblem> problems = problems(dir, replacing("  name: Sampler", "\tname: Sampler"));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(5);
    assertThat(problems.get(0).message()).startsWith("YAML syntax error").contains("TAB");
  }

  @Test
  void duplicateYamlKey_isReportedAtTheSecondKey() {
    List<PackProblem> problems = problems(dir, replacing("    title: First", "    title: First\n    title: Again"));

    assertSingle(problems, 16, 5, "questions[0].title", "appears twice (first on line 15)");
  }

  @Test
  void yamlAlias_isRefused() {
    String yaml = replacing(replacing("    hint: It is b.", "    hint: &same It is b."),
        "    explanation: b is right.", "    explanation: *same");

    assertSingle(problems(dir, yaml), 25, 18, "questions[0].explanation", "aliases (*same) are not supported");
  }

  @Test
  void secondYamlDocument_isRefused() {
    assertSingle(problems(dir, VALID + "---\nid: other\n"), 27, 1, "", "keep one pack per file");
  }

  @Test
  void emptyFile_isRefusedWithWhatToWrite() {
    assertSingle(problems(dir, "# nothing yet\n"), 0, 0, "", "the file is empty");
  }

  @Test
  void topLevelList_isRefused() {
    assertSingle(problems(dir, "- id: sample\n"), 1, 1, "", "must be the pack written as 'key: value' lines, not a list");
  }

  // ---- keys ----

  @Test
  void unknownKey_namesTheAllowedKeysAndTheLikelyOne() {
    List<PackProblem> problems = problems(dir, replacing("    hint: It is b.", "    hnt: It is b."));

    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), 12, 5, "questions[0].hint", "missing; add 'hint:'");
    assertProblem(problems.get(1), 24, 5, "questions[0].hnt",
        "unknown key; did you mean 'hint'? allowed here: id, category, difficulty, title, prompt, code, answer, "
            + "hint, explanation, timeLimit, attempts");
  }

  @Test
  void missingKey_pointsAtTheMappingThatLacksIt() {
    assertSingle(problems(dir, replacing("  emoji: \"🔥\"", "")), 5, 3, "badge.emoji", "missing; add 'emoji:'");
  }

  @Test
  void missingTimeLimitAndAttempts_withoutDefaults_areReportedPerQuestion() {
    List<PackProblem> problems = problems(dir, replacing("defaults:\n  timeLimit: 2m\n  attempts: 2", "\n\n"));

    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), 12, 5, "questions[0].timeLimit", "no time limit; add 'timeLimit:'");
    assertProblem(problems.get(1), 12, 5, "questions[0].attempts", "no number of attempts");
  }

  @Test
  void emptyValue_isReportedAtItsKey() {
    assertSingle(problems(dir, replacing("tagline: Try it", "tagline:")), 3, 1, "tagline", "");
  }

  // ---- types ----

  @Test
  void listWhereTextIsExpected_isAWrongType() {
    assertSingle(problems(dir, replacing("    title: First", "    title: [First]")), 15, 12, "questions[0].title",
        "must be text, not a list");
  }

  @Test
  void textWhereAWholeNumberIsExpected_isAWrongType() {
    assertSingle(problems(dir, replacing("  attempts: 2", "  attempts: two")), 10, 13, "defaults.attempts",
        "must be a whole number from 1 to 5, not text 'two'");
  }

  @Test
  void textWhereAMappingIsExpected_isAWrongType() {
    String yaml = replacing("badge:\n  name: Sampler\n  emoji: \"🔥\"\n  howToEarn: Answer everything.",
        "badge: Sampler\n\n\n");

    assertSingle(problems(dir, yaml), 4, 8, "badge", "must be the badge written as 'key: value' lines, not text");
  }

  /** Review 9: the seed page's way, the right choice's letter as the answer, said nothing of how to write one. */
  @Test
  void answerWrittenAsText_saysHowAnAnswerIsWritten() {
    String yaml = VALID + SECOND_QUESTION.replace("answer:\n      numeric:\n        value: 10", "answer: b");

    assertSingle(problems(dir, yaml), 31, 13, "questions[1].answer", "must be the answer, either 'choices:' (2 to 5,"
        + " the right one with 'correct: true') or 'numeric:' (its 'value:'), written as 'key: value' lines, not text");
  }

  @Test
  void quotedNumber_isRefusedWithTheFix() {
    String yaml = VALID + SECOND_QUESTION.replace("value: 10", "value: \"10\"");

    assertSingle(problems(dir, yaml), 33, 16, "questions[1].answer.numeric.value", "(remove the quotes)");
  }

  @Test
  void unquotedTextWhereANumberIsExpected_isRefusedWithoutTalkOfQuotes() {
    String yaml = VALID + SECOND_QUESTION.replace("value: 10", "value: ten");

    List<PackProblem> problems = problems(dir, yaml);
    assertSingle(problems, 33, 16, "questions[1].answer.numeric.value", "must be a number, e.g. 10 or 0.5, not text 'ten'");
    assertThat(problems.get(0).message()).doesNotContain("quotes");
  }

  @Test
  void quotedBoolean_isRefusedWithTheFix() {
    assertSingle(problems(dir, replacing("          correct: true", "          correct: \"true\"")), 23, 20,
        "questions[0].answer.choices[1].correct", "must be true or false, not text 'true' (remove the quotes)");
  }

  @Test
  void correctThatIsNotABoolean_isRefused() {
    assertSingle(problems(dir, replacing("          correct: true", "          correct: maybe")), 23, 20,
        "questions[0].answer.choices[1].correct", "must be true or false, not text 'maybe'");
  }

  @Test
  void unknownDifficulty_listsTheFour() {
    assertSingle(problems(dir, replacing("    difficulty: beginner", "    difficulty: hard")), 14, 17,
        "questions[0].difficulty", "'hard' is not a difficulty; use one of beginner, intermediate, advanced, expert");
  }

  // ---- ids ----

  @Test
  void packIdNotMatchingThePattern_isRefused() {
    assertSingle(problems(dir, replacing("id: sample", "id: Sample_Pack")), 1, 5, "id", "'Sample_Pack' is not a valid id");
  }

  @Test
  void questionIdOver32Characters_isRefused() {
    assertSingle(problems(dir, replacing("  - id: q1", "  - id: " + repeat('q', 33))), 12, 9, "questions[0].id",
        "use 1 to 32 lower-case letters, digits and dashes");
  }

  @Test
  void choiceIdNotMatchingThePattern_isRefused() {
    assertSingle(problems(dir, replacing("        - id: a", "        - id: -a")), 19, 15,
        "questions[0].answer.choices[0].id", "'-a' is not a valid id");
  }

  @Test
  void duplicateQuestionIds_areReportedAtTheSecond() {
    String yaml = VALID + SECOND_QUESTION.replace("- id: q2", "- id: q1");

    assertSingle(problems(dir, yaml), 26, 9, "questions[1].id",
        "the id 'q1' is already used by questions[0] (line 12); give every question its own id");
  }

  @Test
  void duplicateChoiceIds_areReportedAtTheSecond() {
    assertSingle(problems(dir, replacing("        - id: b", "        - id: a")), 21, 15,
        "questions[0].answer.choices[1].id",
        "the id 'a' is already used by questions[0].answer.choices[0] (line 19); give every choice its own id");
  }

  @Test
  void twoChoicesWithTheSameLabelAsTheMatcherReadsIt_areReportedAtTheSecond() {
    // "a  " and "A" are one answer to the matcher (case and spaces ignored): two identical buttons.
    assertSingle(problems(dir, replacing("          label: B", "          label: \" a \"")), 22, 18,
        "questions[0].answer.choices[1].label",
        "same text as choices[0] (line 20); make every label different");
  }

  @Test
  void duplicatePackIdsAcrossFiles_areReportedInTheLaterFile() {
    Path first = write(dir, "a.yml", VALID);
    Path second = write(dir, "b.yml", VALID.replace("title: Sample", "title: Copy"));

    List<PackProblem> problems = problemsOf(dir);

    assertSingle(problems, 1, 5, "id", "the pack id 'sample' is already used by " + first);
    assertThat(problems.get(0).file()).isEqualTo(second);
  }

  // ---- answers ----

  @Test
  void noCorrectChoice_isRefused() {
    assertSingle(problems(dir, replacing("          correct: true", "          correct: false")), 19, 9,
        "questions[0].answer.choices", "no choice is marked correct; add 'correct: true' to the right one");
  }

  @Test
  void twoCorrectChoices_areRefusedWithBothIds() {
    Path file = write(dir, "x.yml", replacing("          label: A", "          label: A\n          correct: true"));

    List<PackProblem> problems = problemsOf(file);

    assertSingle(problems, 19, 9, "questions[0].answer.choices", "");
    assertThat(problems.get(0)).hasToString(
        file + ":19:9: questions[0].answer.choices: two choices are marked correct (a, b); mark exactly one");
  }

  @Test
  void oneChoice_isTooFew() {
    String yaml = replacing(replacing("        - id: b\n          label: B\n          correct: true", "\n\n"),
        "          label: A", "          label: A\n          correct: true");

    assertSingle(problems(dir, yaml), 19, 9, "questions[0].answer.choices", "has 1 choice; offer 2 to 5");
  }

  @Test
  void sixChoices_areTooMany() {
    StringBuilder more = new StringBuilder("          correct: true");
    for (String id : List.of("c", "d", "e", "f")) {
      more.append("\n        - id: ").append(id).append("\n          label: ").append(id.toUpperCase());
    }

    assertSingle(problems(dir, replacing("          correct: true", more.toString())), 19, 9,
        "questions[0].answer.choices", "has 6 choices; offer 2 to 5");
  }

  @Test
  void bothChoicesAndNumeric_areRefused() {
    String yaml = replacing("    hint: It is b.", "      numeric:\n        value: 1\n    hint: It is b.");

    assertSingle(problems(dir, yaml), 18, 7, "questions[0].answer", "has both 'choices' and 'numeric'");
  }

  @Test
  void answerWithNeitherChoicesNorNumeric_isRefused() {
    String yaml = replacing("    answer:\n      choices:", "    answer:\n      text:");

    List<PackProblem> problems = problems(dir, yaml);

    assertThat(problems).hasSize(2);
    assertProblem(problems.get(0), 18, 7, "questions[0].answer.text", "allowed here: choices, numeric");
    assertProblem(problems.get(1), 18, 7, "questions[0].answer", "has neither 'choices' nor 'numeric'");
  }

  @Test
  void negativeTolerance_isRefused() {
    String yaml = VALID + SECOND_QUESTION.replace("value: 10", "value: 10\n        tolerance: -1");

    assertSingle(problems(dir, yaml), 34, 20, "questions[1].answer.numeric.tolerance", "must be zero or more");
  }

  // ---- time and attempts ----

  @Test
  void timeLimitUnder10Seconds_isRefused() {
    assertSingle(problems(dir, replacing("  timeLimit: 2m", "  timeLimit: 9s")), 9, 14, "defaults.timeLimit",
        "'9s' is outside the allowed range; use 10s to 15m");
  }

  @Test
  void timeLimitOver15Minutes_isRefused() {
    assertSingle(problems(dir, replacing("  timeLimit: 2m", "  timeLimit: 15m1s")), 9, 14, "defaults.timeLimit",
        "outside the allowed range");
  }

  @Test
  void timeLimitInAnotherFormat_isRefusedWithTheFormat() {
    assertSingle(problems(dir, replacing("  timeLimit: 2m", "  timeLimit: \"2:00\"")), 9, 14, "defaults.timeLimit",
        "'2:00' is not a time; write minutes and/or seconds like 2m, 90s or 1m30s");
  }

  @Test
  void timeLimitAsABareNumber_isRefusedWithTheFormat() {
    assertSingle(problems(dir, replacing("  timeLimit: 2m", "  timeLimit: 120")), 9, 14, "defaults.timeLimit",
        "must be a time, not a number '120'");
  }

  @Test
  void attemptsOutside1To5_areRefused() {
    assertSingle(problems(dir, replacing("  attempts: 2", "  attempts: 0")), 10, 13, "defaults.attempts",
        "is 0; use a number from 1 to 5");
    String yaml = replacing("    explanation: b is right.", "    explanation: b is right.\n    attempts: 6");
    assertSingle(problems(dir, yaml), 26, 15, "questions[0].attempts", "is 6; use a number from 1 to 5");
  }

  // ---- lengths ----

  @Test
  void choiceLabelOf76Characters_isRefused() {
    assertSingle(problems(dir, replacing("          label: A", "          label: " + repeat('x', 76))), 20, 18,
        "questions[0].answer.choices[0].label", "is 76 characters; shorten it to at most 75");
  }

  @Test
  void choiceLabelOf75Characters_isAccepted() throws Exception {
    ChallengePack pack = loadOne(dir, replacing("          label: A", "          label: " + repeat('x', 75)));

    assertThat(((Answer.SingleChoice) pack.question(0).answer()).choices().get(0).label()).hasSize(75);
  }

  @Test
  void labelLength_countsCharactersNotUtf16Units() throws Exception {
    // 75 emoji are 150 UTF-16 units but 75 characters, which Slack accepts.
    loadOne(dir, replacing("          label: A", "          label: " + "🔥".repeat(75)));
  }

  @Test
  void titlePromptAndCodeOver3000Characters_areRefused() {
    // "First" (5) + prompt (2000) + code (996) = 3001
    String yaml = codeQuestion(repeat('p', 2000), repeat('c', 996));

    assertSingle(problems(dir, yaml), 16, 13, "questions[0].prompt",
        "title, prompt and code together are 3001 characters; Slack shows at most 3000 in one section, so cut 1");
  }

  @Test
  void titlePromptAndCodeOfExactly3000Characters_areAccepted() throws Exception {
    Question question = loadOne(dir, codeQuestion(repeat('p', 2000), repeat('c', 995))).question(0);

    assertThat(question.code()).isEqualTo(new Code("python", repeat('c', 995)));
  }

  @Test
  void hintOver2000Characters_isRefused() {
    assertSingle(problems(dir, replacing("    hint: It is b.", "    hint: " + repeat('h', 2001))), 24, 11,
        "questions[0].hint", "is 2001 characters; shorten it to at most 2000");
  }

  @Test
  void explanationOver2000Characters_isRefused() {
    assertSingle(problems(dir, replacing("    explanation: b is right.", "    explanation: " + repeat('e', 2001))), 25,
        18, "questions[0].explanation", "is 2001 characters; shorten it to at most 2000");
  }

  @Test
  void hintAndExplanationOf2000Characters_areAccepted() throws Exception {
    String yaml = replacing(replacing("    hint: It is b.", "    hint: " + repeat('h', 2000)),
        "    explanation: b is right.", "    explanation: " + repeat('e', 2000));

    assertThat(loadOne(dir, yaml).question(0).hint()).hasSize(2000);
  }

  @Test
  void titleOver200Characters_isRefused() {
    assertSingle(problems(dir, replacing("title: Sample", "title: " + repeat('t', 201))), 2, 8, "title",
        "is 201 characters; shorten it to at most 200");
    assertSingle(problems(dir, replacing("    title: First", "    title: " + repeat('t', 201))), 15, 12,
        "questions[0].title", "is 201 characters");
  }

  // ---- reporting everything at once ----

  @Test
  void fileWithThreeMistakes_givesThreeProblemsInLineOrder() {
    String yaml = replacing(replacing(replacing("id: sample", "id: Sample"),
        "    difficulty: beginner", "    difficulty: easy"),
        "          label: A", "          label: " + repeat('x', 80));

    List<PackProblem> problems = problems(dir, yaml);

    assertThat(problems).extracting(PackProblem::field)
        .containsExactly("id", "questions[0].difficulty", "questions[0].answer.choices[0].label");
    assertThat(problems).extracting(PackProblem::line).containsExactly(1, 14, 20);
  }

  @Test
  void problemsInSeveralFiles_areAllReportedInFileNameOrder() {
    write(dir, "b.yml", replacing("id: sample", "id: Bad!"));
    write(dir, "a.yml", replacing("    title: First", "    title: First: second").replace("id: sample", "id: other"));

    List<PackProblem> problems = problemsOf(dir);

    assertThat(problems).extracting(p -> p.file().getFileName().toString()).containsExactly("a.yml", "b.yml");
  }

  @Test
  void exceptionMessage_listsEveryProblemOnItsOwnLine() {
    Path file = write(dir, "x.yml", replacing(replacing("id: sample", "id: Sample"), "  attempts: 2", "  attempts: 9"));

    PackValidationException thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(PackValidationException.class, () -> PackLoader.load(file));

    assertThat(thrown.getMessage()).isEqualTo(
        "2 problems in challenge packs:\n"
            + file + ":1:5: id: 'Sample' is not a valid id; use 1 to 32 lower-case letters, digits and dashes, "
            + "starting with a letter or digit\n"
            + file + ":10:13: defaults.attempts: is 9; use a number from 1 to 5");
  }

  // ---- directories and paths ----

  @Test
  void directory_loadsPackFilesInFileNameOrderAndSkipsOthers() throws Exception {
    write(dir, "b.yaml", VALID.replace("id: sample", "id: second"));
    write(dir, "a.yml", VALID.replace("id: sample", "id: first"));
    write(dir, "notes.txt", "not a pack");
    write(dir, ".draft.yml", "id: [broken");

    assertThat(PackLoader.load(dir)).extracting(ChallengePack::id).containsExactly("first", "second");
  }

  @Test
  void emptyDirectory_isAProblemWithTheDirectory() {
    assertThat(problemsOf(dir)).singleElement().satisfies(problem -> {
      assertThat(problem.file()).isEqualTo(dir);
      assertThat(problem.line()).isZero();
      assertThat(problem.message()).contains("holds no challenge pack");
      assertThat(problem).hasToString(dir + ": " + problem.message());
    });
  }

  @Test
  void missingPath_isAProblemNotAnException() {
    Path missing = dir.resolve("nope");

    assertThat(problemsOf(missing)).singleElement().satisfies(problem -> {
      assertThat(problem.file()).isEqualTo(missing);
      assertThat(problem.message()).startsWith("does not exist");
    });
  }

  // ---- helpers ----

  private static String codeQuestion(String prompt, String source) {
    String head = VALID.substring(0, VALID.indexOf("questions:\n"));
    String tail = VALID.substring(VALID.indexOf("    answer:\n") + "    answer:\n".length());
    return head + CODE_QUESTION.replace("PROMPT", prompt).replace("SOURCE", source) + tail;
  }

  private static void assertSingle(List<PackProblem> problems, int line, int column, String field, String message) {
    assertThat(problems).hasSize(1);
    assertProblem(problems.get(0), line, column, field, message);
  }

  private static void assertProblem(PackProblem problem, int line, int column, String field, String message) {
    assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
    assertThat(problem.column()).as("column of %s", problem).isEqualTo(column);
    assertThat(problem.field()).as("field of %s", problem).isEqualTo(field);
    assertThat(problem.message()).as("message of %s", problem).contains(message);
  }
}
