package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.DirectoryCatalog;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;

/** Plays the shipped Warmup Mastery pack through the terminal player, as a script piping answers would. */
final class TerminalPlayTest {
  private static final Path PACKS = Path.of("..", "config", "challenges");
  private static final Player ME = new Player(Platform.TERMINAL, "local", "tester");

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final InMemoryStore store = new InMemoryStore();
  private final DirectoryCatalog catalog;
  private final ChallengeEngine engine;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  TerminalPlayTest() throws Exception {
    catalog = new DirectoryCatalog(PACKS);
    engine =
        ChallengeEngine.builder(catalog, clock)
            .recorder(new RunRecorder(store, Map.of(), Runnable::run))
            .scheduler(Scheduler.disabledScheduler())
            .executor(Runnable::run)
            .build();
  }

  private String play(List<String> lines) throws Exception {
    BufferedReader in = new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int exit = new TerminalPlay(engine, ME, in, out, new TerminalRenderer(clock), true, clock, null).play("warmup-mastery");
    assertThat(exit).isZero();
    return printed.toString(StandardCharsets.UTF_8);
  }

  private ChallengePack pack() {
    return catalog.find("warmup-mastery").orElseThrow();
  }

  @Test
  void pipedRightAnswers_completeWarmupMastery_showingEveryExplanationAndTheBadge() throws Exception {
    List<String> script =
        pack().questions().stream().flatMap(q -> java.util.stream.Stream.of(q.rightAnswerText(), "")).toList();

    String transcript = play(script);

    for (Question question : pack().questions()) {
      assertThat(transcript).contains(question.title(), question.explanation());
    }
    assertThat(transcript).contains("You earned the Warmup Master badge!", "Question 5/5");
    List<Ranked> board = store.top(ME.tenantKey(), "warmup-mastery", null, 0, 10);
    assertThat(board).singleElement().satisfies(r -> assertThat(r.userId()).isEqualTo("tester"));
  }

  @Test
  void pipedAnswersWithoutBlankLines_answerEveryQuestion() throws Exception {
    // A script that sends only answers: each line after an outcome screen moves on and answers the next question.
    List<String> script = pack().questions().stream().map(Question::rightAnswerText).toList();

    String transcript = play(script);

    assertThat(transcript).contains("You earned the Warmup Master badge!");
    assertThat(store.top(ME.tenantKey(), "warmup-mastery", null, 0, 10)).singleElement()
        .satisfies(r -> assertThat(r.score()).isPositive());
  }

  @Test
  void interactivePlayer_typingAtTheOutcomeScreen_onlyMovesOn() throws Exception {
    // Someone at a keyboard must see a question before answering it: what they type at "Enter = next" is not an answer.
    Question first = pack().question(0);
    BufferedReader in = new BufferedReader(new StringReader(first.rightAnswerText() + "\nA\nq\n"));
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    new TerminalPlay(engine, ME, in, out, new TerminalRenderer(clock), false, clock, null).play("warmup-mastery");

    String transcript = printed.toString(StandardCharsets.UTF_8);
    assertThat(transcript).contains("Question 2/5").doesNotContain("Not quite");
    assertThat(transcript.split("✓ Correct!", -1)).as("one answer only").hasSize(2);
  }

  @Test
  void timesShown_cutOffWholeSecondsAsTheCoreDoes_whileTimeLeftRoundsUp() {
    // The profile (core) shows 0:00 for a 0.7 s run: the terminal's leaderboard and summary must say the same.
    assertThat(TerminalRenderer.clockTime(Duration.ofMillis(700))).isEqualTo("0:00");
    assertThat(TerminalRenderer.clockTime(Duration.ofMillis(61_999))).isEqualTo("1:01");
    assertThat(TerminalRenderer.clockTime(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    assertThat(TerminalRenderer.timeLeft(Duration.ofMillis(119_990))).isEqualTo("2:00");
    assertThat(TerminalRenderer.timeLeft(Duration.ofMillis(-5))).isEqualTo("0:00");
  }

  @Test
  void intro_withDifferentTimeLimits_showsTheirRange() {
    org.warmupbot.core.view.View intro =
        new org.warmupbot.core.view.View(
            org.warmupbot.core.view.View.Screen.INTRO,
            "Pack",
            List.of(),
            List.of(new org.warmupbot.core.view.Fact.TimeAllowed(Duration.ofSeconds(30), Duration.ofSeconds(90))),
            List.of());

    assertThat(new TerminalRenderer(clock).render(intro)).contains("0:30 to 1:30 per question");
  }

  @Test
  void wrongAnswer_showsAttemptsLeft_thenTheExplanation() throws Exception {
    Question first = pack().question(0);

    String transcript = play(List.of("this is not a choice", "h", "A", "B", "q"));

    assertThat(transcript).contains("That is not one of the choices.", "💡 Hint: " + first.hint());
    assertThat(transcript).containsAnyOf("1 attempt left", "✓ Correct!");
  }

  @Test
  void lateAnswer_isATimeout_showingTheExplanation() throws Exception {
    Question first = pack().question(0);
    Deque<Runnable> beforeEachLine = new ArrayDeque<>(List.of(() -> clock.advance(Duration.ofMinutes(3))));
    BufferedReader in =
        new BufferedReader(new StringReader(first.rightAnswerText() + "\nq\n")) {
          @Override
          public String readLine() throws java.io.IOException {
            Runnable before = beforeEachLine.poll();
            if (before != null) {
              before.run();
            }
            return super.readLine();
          }
        };
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    new TerminalPlay(engine, ME, in, out, new TerminalRenderer(clock), true, clock, null).play("warmup-mastery");

    String transcript = printed.toString(StandardCharsets.UTF_8);
    assertThat(transcript).contains("⏰ Time's up", "The answer: " + first.rightAnswerText(), first.explanation());
    assertThat(transcript).doesNotContain("✓ Correct!");
  }

  @Test
  void interactiveTerminal_isRemindedOfTheTimeLeft() throws Exception {
    java.util.concurrent.ScheduledExecutorService countdown = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    java.util.concurrent.CountDownLatch reminded = new java.util.concurrent.CountDownLatch(1);
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8) {
      @Override
      public void print(String text) {
        super.print(text);
        if (text.contains("⏳ 0:10 left\n")) {
          reminded.countDown();
        }
      }
    };
    BufferedReader in = new BufferedReader(new StringReader("")) {
      private boolean resumed;

      @Override
      public String readLine() throws java.io.IOException {
        if (!resumed) {
          resumed = true;
          return "r"; // resume the session started below
        }
        try {
          // The member ponders; the reminder comes by itself.
          reminded.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }
    };
    // Start with 10.05 seconds left on the first question, so the 10-second reminder is 50 ms away.
    engine.handle(ME, new org.warmupbot.core.session.Command.Begin("warmup-mastery"), null);
    clock.advance(Duration.ofMinutes(2).minusMillis(10_050));
    try {
      new TerminalPlay(engine, ME, in, out, new TerminalRenderer(clock), false, clock, countdown).play("warmup-mastery");
    } finally {
      countdown.shutdownNow();
    }

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("⏳ 0:10 left");
  }

  @Test
  void deadlinePassingWhileWaiting_printsTimesUpUnprompted() throws Exception {
    Question first = pack().question(0);
    BufferedReader in =
        new BufferedReader(new StringReader("")) {
          @Override
          public String readLine() {
            // The member is thinking past the deadline; the engine notices by itself.
            clock.advance(Duration.ofMinutes(2));
            engine.expireDueSessions();
            return null;
          }
        };
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    new TerminalPlay(engine, ME, in, out, new TerminalRenderer(clock), true, clock, null).play("warmup-mastery");

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("⏰ Time's up", first.explanation());
  }
}
