package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.Badge;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Difficulty;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.pack.Scoring;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;

final class DiscordRendererTest {
  private static final String OWNER = "123456789012345678";

  /** Every screen of a run of the pack at the validator's maxima: intro, question, hint, wrong tries, outcome. */
  private static List<View> longestPackScreens() {
    ChallengePack pack = TestPacks.longest();
    ChallengeEngine engine = ChallengeEngine.builder(TestPacks.catalogOf(pack), MutableClock.atMondayMorning()).build();
    Player player = new Player(Platform.DISCORD, "1", OWNER);
    List<View> views = new ArrayList<>();
    views.add(engine.handle(player, new Command.Open(pack.id()), "p0").view());
    Step step = engine.handle(player, new Command.Begin(pack.id()), "p1");
    views.add(step.view());
    String q = pack.question(0).id();
    views.add(engine.handle(player, new Command.Hint(q), "p2").view());
    for (int i = 0; i < 4; i++) { // each wrong choice once (again would be refused), then the right one
      views.add(engine.handle(player, new Command.Choose(q, "choice-" + (1 + i)), "w" + i).view());
    }
    views.add(engine.handle(player, new Command.Choose(q, "choice-0"), "r0").view());
    for (int n = 1; n < pack.size(); n++) {
      views.add(engine.handle(player, new Command.Next(pack.question(n - 1).id()), "n" + n).view());
      views.add(engine.handle(player, new Command.Choose(pack.question(n).id(), "choice-0"), "c" + n).view());
    }
    return views;
  }

  /** A pack of {@code count} questions, each title {@code titleLength} long and each explanation 1,500. */
  private static ChallengePack manyQuestions(int count, int titleLength) {
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      questions.add(new Question("q" + i, "Category", Difficulty.BEGINNER,
          ("Question " + i + " on warmup schedules and learning rates ").repeat(10).substring(0, titleLength),
          "Which one?", null,
          new Answer.SingleChoice(List.of(new Choice("right", "Right", true), new Choice("wrong", "Wrong", false))),
          "A hint.", "E".repeat(1500), Duration.ofMinutes(2), 2));
    }
    return new ChallengePack("big", "Big Pack", "Many questions", new Badge("Big Master", "🏆", "Get all right."),
        Scoring.DEFAULT, questions, "v1");
  }

  private static View perfectRunSummary(ChallengePack pack) {
    ChallengeEngine engine = ChallengeEngine.builder(TestPacks.catalogOf(pack), MutableClock.atMondayMorning()).build();
    Player player = new Player(Platform.DISCORD, "1", OWNER);
    Step step = engine.handle(player, new Command.Begin(pack.id()), "b");
    for (int i = 0; i < pack.size(); i++) {
      if (i > 0) {
        engine.handle(player, new Command.Next(pack.question(i - 1).id()), "n" + i);
      }
      step = engine.handle(player, new Command.Choose(pack.question(i).id(), "right"), "c" + i);
    }
    assertThat(step.view().screen()).isEqualTo(View.Screen.SUMMARY);
    return step.view();
  }

  /**
   * Review 10: a summary past Discord's 4,096 characters was cut at its end, and the member never read the badge
   * line. The explanation is shortened first, then the result lines before the badge line are left out.
   */
  @Test
  void longSummary_keepsItsBadgeLine_shorteningTheExplanationFirst_thenLeavingOutResultLines() {
    String twenty = DiscordRenderer.render(perfectRunSummary(manyQuestions(20, 120)), OWNER).embeds().get(0)
        .getDescription();
    String fifty = DiscordRenderer.render(perfectRunSummary(manyQuestions(50, 200)), OWNER).embeds().get(0)
        .getDescription();

    assertThat(twenty.length()).isLessThanOrEqualTo(4096);
    assertThat(twenty).contains("✓ 1. ", "✓ 20. ").endsWith("🏆 You earned the Big Master badge! All 20 right.")
        .doesNotContain("cut to fit Discord");
    assertThat(fifty.length()).isLessThanOrEqualTo(4096);
    assertThat(fifty).contains("✓ 1. ", "more line(s) cut to fit Discord")
        .endsWith("🏆 You earned the Big Master badge! All 50 right.");
  }

  @Test
  void longestPack_everyScreenStaysWithinDiscordLimits() {
    List<View> views = longestPackScreens();
    assertThat(views).extracting(View::screen).contains(View.Screen.INTRO, View.Screen.QUESTION,
        View.Screen.FEEDBACK, View.Screen.SUMMARY);
    for (View view : views) {
      DiscordRenderer.Rendered rendered = DiscordRenderer.render(view, OWNER);
      assertThat(rendered.content().length()).isLessThanOrEqualTo(2000);
      int total = 0;
      for (MessageEmbed embed : rendered.embeds()) {
        assertThat(embed.getTitle().length()).isLessThanOrEqualTo(256);
        assertThat(embed.getDescription() == null ? 0 : embed.getDescription().length()).isLessThanOrEqualTo(4096);
        embed.getFields().forEach(f -> assertThat(f.getValue().length()).isLessThanOrEqualTo(1024));
        assertThat(embed.getFooter() == null ? 0 : embed.getFooter().getText().length()).isLessThanOrEqualTo(2048);
        total += embed.getLength();
      }
      assertThat(total).isLessThanOrEqualTo(6000);
      assertThat(rendered.rows()).hasSizeLessThanOrEqualTo(5);
      for (ActionRow row : rendered.rows()) {
        assertThat(row.getComponents()).hasSizeLessThanOrEqualTo(5);
        for (Button button : row.getButtons()) {
          assertThat(button.getLabel().length()).isLessThanOrEqualTo(80);
          assertThat(button.getCustomId().length()).isLessThanOrEqualTo(100);
        }
      }
      rendered.toCreate(); // JDA's own checks pass too
    }
  }

  @Test
  void longCode_isCutWithItsFencesClosed() {
    View view = new View(View.Screen.QUESTION, "t", List.of(new Block.Text("P".repeat(2500)),
        new Block.CodeListing("python", "print(1)\n".repeat(500))), List.of(), List.of());
    String description = DiscordRenderer.render(view, OWNER).embeds().get(0).getDescription();
    assertThat(description.length()).isLessThanOrEqualTo(4096);
    assertThat(description).contains("```python\n").endsWith("```").contains("cut to fit Discord");
    assertThat(description.split("```", -1)).hasSize(3);
  }

  @Test
  void tripleBackticksInSource_doNotCloseTheFence() {
    String block = DiscordRenderer.codeBlock("md", "a ``` b", 1000);
    assertThat(block.split("```", -1)).hasSize(3);
  }

  @Test
  void choices_getButtonsWithOwnerIdsAndLetters() {
    View view = new View(View.Screen.QUESTION, "t", List.of(), List.of(), List.of(
        new Action("choose:q1:a", "Alpha", Action.Kind.CHOICE), new Action("choose:q1:b", "Beta", Action.Kind.CHOICE),
        new Action("hint:q1", "Hint", Action.Kind.HINT)));
    List<ActionRow> rows = DiscordRenderer.render(view, OWNER).rows();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getButtons()).extracting(Button::getLabel).containsExactly("A) Alpha", "B) Beta");
    assertThat(rows.get(1).getButtons()).extracting(Button::getCustomId).containsExactly(OWNER + "|hint:q1");
  }

  @Test
  void cut_neverSplitsASurrogatePair() {
    String cut = DiscordRenderer.cut("ab🏆🏆🏆", 4);
    assertThat(cut).hasSizeLessThanOrEqualTo(4).doesNotContain("\uFFFD");
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
  }

  @Test
  void intro_ofAPackWhoseQuestionsHaveDifferentLimits_showsTheRange() {
    View view = new View(View.Screen.INTRO, "Mixed", List.of(),
        List.of(new Fact.TimeAllowed(Duration.ofSeconds(30), Duration.ofSeconds(90))), List.of());
    assertThat(DiscordRenderer.render(view, OWNER).embeds().get(0).getFields())
        .anySatisfy(field -> {
          assertThat(field.getName()).isEqualTo("Time per question");
          assertThat(field.getValue()).isEqualTo("0:30 to 1:30");
        });
  }

  @Test
  void sameActionTwice_keepsBothButtonsWithUniqueIds() {
    View view = new View(View.Screen.LEADERBOARD, "Leaderboard", List.of(), List.of(), List.of(
        new Action("board:all:small:2", "My page", Action.Kind.NAVIGATE),
        new Action("board:all:small:2", "Next", Action.Kind.NAVIGATE)));
    List<Button> buttons = DiscordRenderer.render(view, OWNER).rows().get(0).getButtons();
    assertThat(buttons).extracting(Button::getLabel).containsExactly("My page", "Next");
    assertThat(buttons).extracting(Button::getCustomId).doesNotHaveDuplicates();
  }

  @Test
  void rankLines_nameMembersAsMentionsAndMarkTheViewer() {
    View view = new View(View.Screen.LEADERBOARD, "Leaderboard", List.of(
        new Block.RankLine(1, "111", 900, java.time.Duration.ofSeconds(75), false),
        new Block.RankLine(2, OWNER, 800, java.time.Duration.ofSeconds(3725), true)), List.of(), List.of());
    assertThat(DiscordRenderer.render(view, OWNER).embeds().get(0).getDescription())
        .isEqualTo("**1.** <@111> — 900 pts · 1:15\n\n**2.** <@" + OWNER + "> — 800 pts · 1:02:05  ← you");
  }
}
