package org.warmupbot.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pack the project ships, {@code config/challenges/warmup-mastery.yml}, loads and teaches the right answers. */
final class ShippedPackTest {
  static final Path CHALLENGES = Path.of("..", "config", "challenges");

  private static ChallengePack pack;

  @BeforeAll
  static void load() throws PackValidationException {
    pack = new DirectoryCatalog(CHALLENGES).find("warmup-mastery").orElseThrow();
  }

  @Test
  void shippedDirectory_loadsWithoutProblems() throws PackValidationException {
    assertThat(PackLoader.load(CHALLENGES)).extracting(ChallengePack::id).contains("warmup-mastery");
  }

  @Test
  void packFacts_matchTheChallengePage() {
    assertThat(pack.title()).isEqualTo("Warmup Mastery");
    assertThat(pack.tagline()).isEqualTo("Test your skills under time pressure!");
    assertThat(pack.badge().name()).isEqualTo("Warmup Master");
    assertThat(pack.badge().howToEarn()).isEqualTo("Get all challenges correct to earn this badge!");
    assertThat(pack.badge().emoji()).isNotBlank();
    assertThat(pack.scoring()).isEqualTo(Scoring.DEFAULT);
  }

  @Test
  void fiveQuestions_inThePagesOrderWithItsCategoriesAndDifficulties() {
    assertThat(pack.questions()).extracting(Question::category)
        .containsExactly("Conceptual", "Predict Output", "Model Choice", "Hyperparameter", "Metrics");
    assertThat(pack.questions()).extracting(Question::difficulty)
        .containsExactly(Difficulty.INTERMEDIATE, Difficulty.INTERMEDIATE, Difficulty.ADVANCED, Difficulty.ADVANCED,
            Difficulty.EXPERT);
    assertThat(pack.questions()).extracting(Question::title).containsExactly(
        "Why use a learning rate warmup in training?",
        "Output of learning rate scheduler with warmup",
        "Choosing warmup strategy for transformer training",
        "Determining warmup steps for a training schedule",
        "Effect of warmup on training loss curve");
  }

  @Test
  void everyQuestion_hasTwoMinutesAndTwoAttempts() {
    assertThat(pack.questions()).allSatisfy(question -> {
      assertThat(question.timeLimit()).isEqualTo(Duration.ofMinutes(2));
      assertThat(question.attempts()).isEqualTo(2);
    });
  }

  @Test
  void everyChoiceQuestion_hasThreeToFourChoicesAndExactlyOneCorrect() {
    List<Question> choiceQuestions = pack.questions().stream()
        .filter(question -> question.answer() instanceof Answer.SingleChoice)
        .toList();

    assertThat(choiceQuestions).hasSize(4).allSatisfy(question -> {
      List<Choice> choices = ((Answer.SingleChoice) question.answer()).choices();
      assertThat(choices).hasSizeBetween(3, 4);
      assertThat(choices).filteredOn(Choice::correct).hasSize(1);
      assertThat(choices).allSatisfy(choice -> assertThat(choice.label().length()).isLessThanOrEqualTo(75));
    });
  }

  @Test
  void conceptualQuestion_rewardsAvoidingLargeUnstableEarlyUpdates() {
    assertThat(pack.question(0).rightAnswerText()).contains("large, unstable updates");
  }

  @Test
  void predictOutputQuestion_correctAnswerIsPointOneNotThePagesPointZeroEight() {
    Question question = pack.question(1);
    Answer.SingleChoice answer = (Answer.SingleChoice) question.answer();

    assertThat(answer.correctChoice().label()).isEqualTo("0.1");
    assertThat(answer.choices()).extracting(Choice::label).contains("0.08");
    assertThat(question.hint()).doesNotContain("(epoch + 1) / warmup_epochs * base_lr for epoch 3");
    assertThat(question.explanation()).contains("Epoch 3: lr = 0.1").contains("lr_lambda(4)");
  }

  @Test
  void predictOutputQuestion_keepsThePythonCodeLineForLine() {
    Code code = pack.question(1).code();

    assertThat(code).isNotNull();
    assertThat(code.language()).isEqualTo("python");
    assertThat(code.source().lines().toList())
        .startsWith("import torch", "from torch.optim import SGD")
        .contains("def lr_lambda(epoch):", "    if epoch < warmup_epochs:",
            "        return (epoch + 1) / warmup_epochs", "for epoch in range(7):", "    scheduler.step()")
        .endsWith("    print(f\"Epoch {epoch}: lr = {optimizer.param_groups[0]['lr']}\")");
  }

  @Test
  void modelChoiceQuestion_rewardsLinearWarmupThenCosineDecay() {
    assertThat(pack.question(2).rightAnswerText()).containsIgnoringCase("linear warmup").contains("cosine");
  }

  @Test
  void hyperparameterQuestion_isNumericTenStatingOneStepPerEpoch() {
    Question question = pack.question(3);

    assertThat(question.answer()).isEqualTo(new Answer.Numeric(new BigDecimal("10"), BigDecimal.ZERO));
    assertThat(question.rightAnswerText()).isEqualTo("10");
    assertThat(question.prompt()).contains("once per epoch");
    assertThat(question.explanation()).contains("batches per epoch");
  }

  @Test
  void metricsQuestion_rewardsSmoothEarlyLossWithWarmup() {
    assertThat(pack.question(4).rightAnswerText()).contains("smoothly").contains("spikes");
  }
}
