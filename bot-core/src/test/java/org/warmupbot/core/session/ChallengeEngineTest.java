package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.SessionSnapshot;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.QueuedExecutor;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;

final class ChallengeEngineTest {
  private static final Player ADA = new Player(Platform.DISCORD, "guild-1", "ada");
  private static final Player BOB = new Player(Platform.DISCORD, "guild-1", "bob");

  private final ChallengePack pack = TestPacks.small();
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final QueuedExecutor executor = new QueuedExecutor();
  private final ResultStore store = mock(ResultStore.class);
  private final RunRecorder recorder = new RunRecorder(store, Map.of(), Runnable::run);
  private final AtomicLong seeds = new AtomicLong(7);
  private final ChallengeEngine engine =
      ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
          .recorder(recorder)
          .scheduler(Scheduler.disabledScheduler())
          .executor(executor)
          .seeds(seeds::incrementAndGet)
          .build();

  private Step begin(Player player) {
    return engine.handle(player, new Command.Begin("small"), null);
  }

  private Step press(Player player, String actionId) {
    return engine.handle(player, Command.parse(actionId).orElseThrow(), null);
  }

  private static String choiceAction(View view, String choiceLabel) {
    return view.actions(Action.Kind.CHOICE).stream()
        .filter(a -> a.label().equals(choiceLabel))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static String text(View view) {
    return String.join("\n", view.body().stream().filter(Block.Text.class::isInstance).map(b -> ((Block.Text) b).text()).toList());
  }

  @Test
  void open_showsIntroWithBadgeQuestionCountAndTimeAllowed() {
    Step step = engine.handle(ADA, new Command.Open("small"), null);

    assertThat(step.event()).isEqualTo(new Event.IntroShown("small"));
    assertThat(step.view().screen()).isEqualTo(View.Screen.INTRO);
    assertThat(text(step.view())).contains("Small Master", "Get all challenges correct to earn this badge!");
    assertThat(step.view().fact(Fact.QuestionCount.class)).contains(new Fact.QuestionCount(3));
    assertThat(step.view().fact(Fact.TimeAllowed.class))
        .contains(new Fact.TimeAllowed(Duration.ofMinutes(2), Duration.ofMinutes(2)));
    assertThat(step.view().actions()).extracting(Action::id).containsExactly("begin:small");
  }

  @Test
  void begin_showsFirstQuestionWithFactsAndDeadline() {
    View view = begin(ADA).view();

    assertThat(view.screen()).isEqualTo(View.Screen.QUESTION);
    assertThat(view.title()).isEqualTo("Title of q1");
    assertThat(view.facts())
        .contains(
            new Fact.Progress(1, 3),
            new Fact.Category("Conceptual"),
            new Fact.AttemptsLeft(2),
            new Fact.Deadline(clock.instant().plus(Duration.ofMinutes(2))));
    assertThat(view.actions(Action.Kind.CHOICE)).hasSize(3);
    assertThat(view.actions(Action.Kind.HINT)).hasSize(1);
  }

  @Test
  void unknownPack_isRefusedNamingTheAvailableOnes() {
    Step step = engine.handle(ADA, new Command.Open("nope"), null);

    assertThat(step.event()).isInstanceOf(Event.Refused.class);
    assertThat(((Event.Refused) step.event()).reason()).contains("nope", "small");
  }

  @Test
  void correctAnswer_showsExplanationAndPoints() {
    View question = begin(ADA).view();
    clock.advance(Duration.ofSeconds(30));

    Step step = press(ADA, choiceAction(question, "The right one"));

    assertThat(step.event()).isEqualTo(new Event.Answered("q1", true, 1, 115));
    assertThat(step.view().screen()).isEqualTo(View.Screen.FEEDBACK);
    assertThat(step.view().title()).contains("Correct");
    assertThat(text(step.view())).contains("+115 points", "Explanation of q1");
    assertThat(step.view().actions()).extracting(Action::id).containsExactly("next:q1");
  }

  @Test
  void wrongAnswer_showsAttemptsLeftWithoutTheExplanation_thenOutOfAttemptsShowsIt() {
    View question = begin(ADA).view();

    Step first = press(ADA, choiceAction(question, "A wrong one"));
    assertThat(first.event()).isEqualTo(new Event.Answered("q1", false, 1, 0));
    assertThat(first.view().screen()).isEqualTo(View.Screen.QUESTION);
    assertThat(first.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(1));
    assertThat(text(first.view())).contains("1 attempt left").doesNotContain("Explanation of q1");

    Step second = press(ADA, choiceAction(first.view(), "Another wrong one"));
    assertThat(second.event()).isEqualTo(new Event.Answered("q1", false, 0, 0));
    assertThat(second.view().screen()).isEqualTo(View.Screen.FEEDBACK);
    assertThat(text(second.view())).contains("The answer: The right one", "Explanation of q1");
  }

  @Test
  void secondAttemptAndHint_scoreFewerPoints() {
    View question = begin(ADA).view();
    press(ADA, "hint:q1");
    press(ADA, choiceAction(question, "A wrong one"));

    Step step = press(ADA, choiceAction(question, "The right one"));

    // 100 points, half for the second attempt, a quarter off for the hint, plus the full time bonus of 20
    assertThat(step.event()).isEqualTo(new Event.Answered("q1", true, 0, 37 + 20));
  }

  @Test
  void answerAfterDeadline_countsAsTimeout_evenBeforeTheCacheNoticed() {
    View question = begin(ADA).view();
    clock.advance(Duration.ofMinutes(2));

    Step step = press(ADA, choiceAction(question, "The right one"));

    assertThat(step.event()).isEqualTo(new Event.TimedOut("q1"));
    assertThat(step.view().screen()).isEqualTo(View.Screen.TIMES_UP);
    assertThat(step.view().title()).contains("Time's up");
    assertThat(text(step.view())).contains("The answer: The right one", "Explanation of q1");
  }

  /** Ada answers the first two questions right and opens the last one. */
  private void toTheLastQuestion(Player player) {
    View first = begin(player).view();
    press(player, choiceAction(first, "The right one"));
    View second = press(player, "next:q1").view();
    press(player, choiceAction(second, "The right one"));
    press(player, "next:q2");
  }

  @Test
  void openQuitOrPlayAgainAfterTheLastQuestionsDeadline_showsTheTimedOutRunsSummary_andRecordsIt() {
    for (Command late : List.of(new Command.Open("small"), new Command.Abandon(), new Command.Begin("small"),
        new Command.Restart("small"))) {
      Player player = new Player(Platform.DISCORD, "guild-1", "late-" + late.getClass().getSimpleName());
      toTheLastQuestion(player);
      clock.advance(Duration.ofMinutes(2)); // the deadline passed; the cache has not noticed yet

      Step step = engine.handle(player, late, null);

      assertThat(step.event()).as("%s after the deadline", late).isInstanceOf(Event.Finished.class);
      assertThat(((Event.Finished) step.event()).closedBy()).isEqualTo(new Event.TimedOut("q3"));
      assertThat(step.view().title()).endsWith("time's up, challenge complete");
      assertThat(step.view().actions()).extracting(Action::label).containsExactly("Play again");
      ArgumentCaptor<FinishedRun> saved = ArgumentCaptor.forClass(FinishedRun.class);
      verify(store).save(saved.capture());
      assertThat(saved.getValue().player()).isEqualTo(player);
      assertThat(saved.getValue().questions()).extracting(QuestionResult::correct).containsExactly(true, true, false);
      org.mockito.Mockito.clearInvocations(store);
    }
  }

  @Test
  void playAgainAfterAnEarlierQuestionsDeadline_startsANewRun_theUnfinishedOneIsNotRecorded() {
    begin(ADA);
    clock.advance(Duration.ofMinutes(2));

    Step step = engine.handle(ADA, new Command.Restart("small"), null);

    assertThat(step.event()).isInstanceOf(Event.Started.class);
    verify(store, never()).save(any());
  }

  @Test
  void answerOneMillisecondBeforeDeadline_counts() {
    View question = begin(ADA).view();
    clock.advance(Duration.ofMinutes(2).minusMillis(1));

    Step step = press(ADA, choiceAction(question, "The right one"));

    assertThat(step.event()).isInstanceOf(Event.Answered.class);
  }

  @Test
  void deadlineWithNobodyPressing_tellsListenersTimesUpOnItsOwn() {
    List<Step> told = new ArrayList<>();
    engine.addTimeoutListener((player, step) -> told.add(step));
    begin(ADA);
    begin(BOB);
    clock.advance(Duration.ofSeconds(90));
    press(BOB, "next:q1"); // Bob's session is touched but still open

    clock.advance(Duration.ofSeconds(30));
    engine.expireDueSessions();
    executor.runAll();

    assertThat(told).hasSize(2);
    assertThat(told).allSatisfy(step -> assertThat(step.event()).isEqualTo(new Event.TimedOut("q1")));
    assertThat(text(told.get(0).view())).contains("Explanation of q1");
    assertThat(press(ADA, "next:q1").event()).isEqualTo(new Event.Advanced(2));
  }

  @Test
  void shutDown_writesDownEveryLiveSession_evenOnePastItsDeadline_thenNothingTimesOutOrRecords() {
    List<Step> told = new ArrayList<>();
    engine.addTimeoutListener((player, step) -> told.add(step));
    begin(ADA);
    clock.advance(Duration.ofSeconds(90));
    begin(BOB);
    clock.advance(Duration.ofSeconds(31)); // Ada's deadline passed; nobody applied it yet

    List<SessionSnapshot> kept = engine.shutDown();
    clock.advance(Duration.ofMinutes(30));
    engine.expireDueSessions();
    executor.runAll();

    assertThat(kept).extracting(SessionSnapshot::player).containsExactlyInAnyOrder(ADA, BOB);
    assertThat(told).isEmpty();
    verify(store, never()).save(any());
    assertThat(engine.liveSessions()).isZero();
    Step press = press(BOB, "next:q1");
    assertThat(press.event()).isInstanceOf(Event.Refused.class);
    assertThat(text(press.view())).contains("Your challenge is kept");
  }

  @Test
  void sessionsWrittenDownAtShutdown_resumeInTheNextEngine_andADeadlinePassedMeanwhileIsATimeout() {
    begin(ADA);
    clock.advance(Duration.ofMinutes(3));
    List<SessionSnapshot> kept = engine.shutDown();
    ChallengeEngine next =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
            .recorder(recorder)
            .scheduler(Scheduler.disabledScheduler())
            .executor(executor)
            .build();

    assertThat(next.restore(kept)).isEqualTo(1);
    assertThat(next.handle(ADA, new Command.Resume(), null).event()).isEqualTo(new Event.TimedOut("q1"));
  }

  @Test
  void pressRacingTheExpiry_seesTheTimeoutOnce() {
    List<Step> told = new ArrayList<>();
    engine.addTimeoutListener((player, step) -> told.add(step));
    View question = begin(ADA).view();
    clock.advance(Duration.ofMinutes(3));
    engine.expireDueSessions(); // Caffeine evicted the entry; the listener has not run yet

    Step late = press(ADA, choiceAction(question, "The right one"));
    executor.runAll();

    assertThat(late.event()).isEqualTo(new Event.TimedOut("q1"));
    assertThat(told).isEmpty();
    assertThat(press(ADA, "next:q1").event()).isEqualTo(new Event.Advanced(2));
  }

  @Test
  void hint_isShownOnceAndRecordedInTheRun() {
    begin(ADA);

    Step hint = press(ADA, "hint:q1");
    assertThat(hint.event()).isEqualTo(new Event.HintShown("q1"));
    assertThat(text(hint.view())).contains("Hint of q1");
    assertThat(hint.view().actions(Action.Kind.HINT)).isEmpty();

    FinishedRun run = playToEnd(ADA, true);
    assertThat(run.questions().get(0).hintUsed()).isTrue();
    assertThat(run.questions().get(1).hintUsed()).isFalse();
  }

  @Test
  void openWhileLive_offersResumeOrRestart() {
    begin(ADA);
    press(ADA, "hint:q1");

    Step open = engine.handle(ADA, new Command.Open("small"), null);
    assertThat(open.event()).isEqualTo(new Event.LiveSessionFound("small"));
    assertThat(open.view().actions()).extracting(Action::kind).containsExactly(Action.Kind.RESUME, Action.Kind.RESTART);

    Step resumed = press(ADA, "resume");
    assertThat(resumed.event()).isEqualTo(new Event.Resumed());
    assertThat(text(resumed.view())).contains("Hint of q1");

    Step restarted = press(ADA, "restart:small");
    assertThat(restarted.event()).isInstanceOf(Event.Started.class);
    assertThat(text(restarted.view())).doesNotContain("Hint of q1");
  }

  /** Review 10: with a run of one pack live, opening another offered to "restart" the run, and started the other. */
  @Test
  void openAnotherPackWhileLive_offersToStartThatPackInstead_andSaysSo() {
    ChallengePack other = new ChallengePack("other", "Other Pack", pack.tagline(), pack.badge(), pack.scoring(),
        pack.questions(), "v1");
    ChallengeEngine twoPacks = ChallengeEngine.builder(TestPacks.catalogOf(pack, other), clock).build();
    twoPacks.handle(ADA, new Command.Begin("small"), null);

    Step found = twoPacks.handle(ADA, new Command.Open("other"), null);

    assertThat(text(found.view())).contains("Small Pack: question 1 of 3. Resume where you were, or start Other Pack"
        + " instead (this run is then not recorded).");
    assertThat(found.view().actions()).extracting(Action::label).containsExactly("Resume", "Start Other Pack");
    Step started = twoPacks.handle(ADA, Command.parse(found.view().actions().get(1).id()).orElseThrow(), null);
    assertThat(started.event()).isInstanceOfSatisfying(Event.Started.class,
        event -> assertThat(event.packId()).isEqualTo("other"));
  }

  /**
   * Review 10 (abuse): a double click on a wrong choice (two presses, two ids) spent both attempts, the second on
   * an answer the member had just been told was wrong. It costs one; the question stays open.
   */
  @Test
  void sameWrongChoicePressedTwice_costsOneAttempt() {
    View question = begin(ADA).view();
    Command wrong = Command.parse(choiceAction(question, "A wrong one")).orElseThrow();

    Step first = engine.handle(ADA, wrong, "press-1");
    Step again = engine.handle(ADA, wrong, "press-2");
    Step right = press(ADA, choiceAction(question, "The right one"));

    assertThat(first.event()).isInstanceOfSatisfying(Event.Answered.class, a -> assertThat(a.attemptsLeft()).isOne());
    assertThat(again.event()).isEqualTo(new Event.Refused("You tried that one already: pick another."));
    assertThat(again.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(1));
    assertThat(right.event()).isInstanceOfSatisfying(Event.Answered.class, a -> assertThat(a.correct()).isTrue());
  }

  /** Review of this session's diff: a mistyped pack while a run was live offered a "Start smal" that failed. */
  @Test
  void openAnUnknownPackWhileLive_saysSo_andOffersOnlyResume() {
    begin(ADA);

    Step found = engine.handle(ADA, new Command.Open("smal"), null);

    assertThat(text(found.view())).contains("Small Pack: question 1 of 3. There is no challenge called \"smal\":"
        + " resume where you were.");
    assertThat(found.view().actions()).extracting(Action::label).containsExactly("Resume");
  }

  @Test
  void samePressIdTwice_appliesOnce() {
    View question = begin(ADA).view();
    Command wrong = Command.parse(choiceAction(question, "A wrong one")).orElseThrow();

    Step first = engine.handle(ADA, wrong, "press-1");
    Step again = engine.handle(ADA, wrong, "press-1");

    assertThat(first.event()).isEqualTo(new Event.Answered("q1", false, 1, 0));
    assertThat(again.event()).isEqualTo(new Event.Duplicate());
    assertThat(again.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(1));
  }

  @Test
  void pressIdsDifferingOnlyInTheirLastCharacter_areDistinctPresses() {
    // Regression: press ids were once kept as 32-bit hashes with the low bit forced, so "press-0" equalled "press-1".
    View question = begin(ADA).view();
    Command wrong = Command.parse(choiceAction(question, "A wrong one")).orElseThrow();

    engine.handle(ADA, wrong, "press-0");
    Step second = engine.handle(ADA, wrong, "press-1");

    // Handled as a press of its own (not a Duplicate): the same wrong choice again is refused at no cost.
    assertThat(second.event()).isEqualTo(new Event.Refused("You tried that one already: pick another."));
  }

  @Test
  void pressForAnEarlierQuestion_isStaleAndChangesNothing() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    press(ADA, "next:q1");

    Step stale = press(ADA, choiceAction(q1, "A wrong one"));

    assertThat(stale.event()).isEqualTo(new Event.Stale());
    assertThat(stale.view().title()).isEqualTo("Title of q2");
    assertThat(stale.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(2));
  }

  @Test
  void choices_areShuffledPerSessionButStableWithinIt() {
    List<List<String>> orders = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Player player = new Player(Platform.SLACK, "team", "user-" + i);
      View view = begin(player).view();
      orders.add(view.actions(Action.Kind.CHOICE).stream().map(Action::label).toList());
      assertThat(press(player, "hint:q1").view().actions(Action.Kind.CHOICE))
          .extracting(Action::label)
          .isEqualTo(orders.get(i));
    }
    assertThat(orders.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void numericQuestion_acceptsTypedNumberWithinTolerance_andRefusesTextWithoutUsingAnAttempt() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    press(ADA, "next:q1");
    View q2 = engine.handle(ADA, new Command.Resume(), null).view();
    press(ADA, choiceAction(q2, "The right one"));
    View q3 = press(ADA, "next:q2").view();
    assertThat(q3.actions(Action.Kind.TYPED_ANSWER)).extracting(Action::id).containsExactly("type:q3");

    Step refused = engine.handle(ADA, Command.typed("type:q3", "forty-two").orElseThrow(), null);
    assertThat(refused.event()).isInstanceOf(Event.Refused.class);
    assertThat(refused.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(2));

    Step answered = engine.handle(ADA, Command.typed("type:q3", " 42.4 ").orElseThrow(), null);
    assertThat(answered.event()).isInstanceOf(Event.Finished.class);
    assertThat(((Event.Finished) answered.event()).run().questions().get(2).correct()).isTrue();
  }

  @Test
  void numericAnswerWithADecimalComma_isReadAsADecimal_andAmbiguousCommasCostNoAttempt() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    press(ADA, "next:q1");
    press(ADA, choiceAction(engine.handle(ADA, new Command.Resume(), null).view(), "The right one"));
    press(ADA, "next:q2");

    Step refused = engine.handle(ADA, new Command.Type("q3", "4,2,0"), null);
    assertThat(refused.event()).isEqualTo(new Event.Refused(
        "Cannot tell which number “4,2,0” is. Type it without commas, with a dot for decimals, e.g. 0.05."));
    assertThat(refused.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(2));

    // 42 ± 0.5: "42,4" is 42.4 in a comma-decimal locale, not 424.
    Step answered = engine.handle(ADA, new Command.Type("q3", "42,4"), null);
    assertThat(answered.event()).isInstanceOf(Event.Finished.class);
    assertThat(((Event.Finished) answered.event()).run().questions().get(2).correct()).isTrue();
  }

  /**
   * Review 10 (abuse): "9e99999999" or "1e-999999999", a dozen characters, was judged by exact arithmetic on a
   * number of a billion digits, holding the member's session (and a platform thread) for minutes. Such a number is
   * refused at no cost, and the right answer still counts.
   */
  @Test
  void numberWithAHugeExponent_isRefusedAtNoCost() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    press(ADA, "next:q1");
    press(ADA, choiceAction(engine.handle(ADA, new Command.Resume(), null).view(), "The right one"));
    press(ADA, "next:q2");

    for (String typed : new String[] {"9e99999999", "1e-999999999", "-4.2E+101", "9e2147483647", "100e2147483647"}) {
      Step refused = engine.handle(ADA, new Command.Type("q3", typed), null);
      assertThat(refused.event()).as(typed).isEqualTo(new Event.Refused(
          "That number is out of range: type one with at most 100 digits before and after the point."));
      assertThat(refused.view().fact(Fact.AttemptsLeft.class)).contains(new Fact.AttemptsLeft(2));
    }
    Step answered = engine.handle(ADA, new Command.Type("q3", "4.2e1"), null);
    assertThat(((Event.Finished) answered.event()).run().questions().get(2).correct()).isTrue();
  }

  @Test
  void choiceTypedAsItsText_isAccepted() {
    begin(ADA);

    Step step = engine.handle(ADA, new Command.Type("q1", "  the RIGHT   one "), null);

    assertThat(step.event()).isEqualTo(new Event.Answered("q1", true, 1, 120));
  }

  @Test
  void perfectRun_earnsTheBadge_andIsRecordedOnce() {
    begin(ADA);
    FinishedRun run = playToEnd(ADA, true);

    assertThat(run.badgeEarned()).isTrue();
    assertThat(run.questions()).allSatisfy(q -> assertThat(q.correct()).isTrue());
    ArgumentCaptor<FinishedRun> saved = ArgumentCaptor.forClass(FinishedRun.class);
    verify(store, times(1)).save(saved.capture());
    assertThat(saved.getValue()).isEqualTo(run);
    verify(store, times(1)).saveBadge(any()); // the grant's outcome; the store keeps the pending badge with the run
  }

  @Test
  void oneWrongAnswer_meansNoBadge() {
    begin(ADA);
    FinishedRun run = playToEnd(ADA, false);

    assertThat(run.badgeEarned()).isFalse();
    verify(store, never()).saveBadge(any());
  }

  @Test
  void summary_listsEveryQuestionWithItsOutcome() {
    begin(ADA);
    playToEnd(ADA, false);

    Step later = press(ADA, "resume");
    assertThat(later.event()).isEqualTo(new Event.NoSession());
    Step again = engine.handle(ADA, new Command.Open("small"), null);
    assertThat(again.event()).isEqualTo(new Event.IntroShown("small"));
  }

  @Test
  void liveSession_finishesOnThePackVersionItStartedWith_afterAReload() {
    java.util.concurrent.atomic.AtomicReference<ChallengePack> served = new java.util.concurrent.atomic.AtomicReference<>(pack);
    ChallengeEngine reloading =
        ChallengeEngine.builder(
                new org.warmupbot.core.port.ChallengeCatalog() {
                  @Override
                  public java.util.Optional<ChallengePack> find(String packId) {
                    return java.util.Optional.of(served.get());
                  }

                  @Override
                  public List<ChallengePack> all() {
                    return List.of(served.get());
                  }
                },
                clock)
            .scheduler(Scheduler.disabledScheduler())
            .executor(executor)
            .build();
    View q1 = reloading.handle(ADA, new Command.Begin("small"), null).view();
    ChallengePack edited = new ChallengePack(pack.id(), "Edited", pack.tagline(), pack.badge(), pack.scoring(),
        List.of(pack.question(0), pack.question(2)), "v2");
    served.set(edited);

    reloading.handle(ADA, Command.parse(choiceAction(q1, "The right one")).orElseThrow(), null);
    Step next = reloading.handle(ADA, new Command.Next("q1"), null);

    assertThat(next.view().title()).isEqualTo("Title of q2");
    assertThat(next.view().fact(Fact.Progress.class)).contains(new Fact.Progress(2, 3));
    assertThat(reloading.handle(BOB, new Command.Begin("small"), null).view().fact(Fact.Progress.class))
        .contains(new Fact.Progress(1, 2));
  }

  @Test
  void abandon_dropsTheSessionUnrecorded() {
    begin(ADA);

    assertThat(press(ADA, "abandon").event()).isEqualTo(new Event.Abandoned());
    assertThat(press(ADA, "hint:q1").event()).isEqualTo(new Event.NoSession());
    verify(store, never()).save(any());
  }

  @Test
  void idleSession_leavesMemoryAfterTheIdleTimeout() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    assertThat(engine.liveSessions()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(15));
    engine.expireDueSessions();
    executor.runAll();

    assertThat(engine.liveSessions()).isZero();
    assertThat(press(ADA, "next:q1").event()).isEqualTo(new Event.NoSession());
  }

  @Test
  void runIds_beginWithTheStartTime_soLaterRunsSortAfter_andSurviveARestart() {
    String first = ((Event.Started) begin(ADA).event()).runId();
    clock.advance(Duration.ofMillis(1));
    String second = ((Event.Started) begin(BOB).event()).runId();

    assertThat(first).hasSize(28).matches("[0-9a-f]+").startsWith(String.format("%012x", clock.millis() - 1));
    assertThat(second).isGreaterThan(first);
    List<SessionSnapshot> kept = engine.snapshot();
    ChallengeEngine restarted =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock).recorder(recorder)
            .scheduler(Scheduler.disabledScheduler()).executor(executor).build();
    restarted.restore(kept);
    assertThat(restarted.snapshot()).extracting(SessionSnapshot::runId).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void aSessionWrittenDownByAnEarlierVersion_keepsItsRunId() {
    begin(ADA);
    SessionSnapshot earlier = engine.snapshot().get(0);
    String oldId = "00000000deadbeef";
    SessionSnapshot withOldId = new SessionSnapshot(earlier.player(), oldId, earlier.packId(), earlier.packVersion(),
        earlier.seed(), earlier.timeMultiplier(), earlier.startedAt(), earlier.questionIndex(), earlier.answering(),
        earlier.attemptsUsed(), earlier.hintUsed(), earlier.questionStartedAt(), earlier.deadline(), earlier.done());
    ChallengeEngine restarted =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock).recorder(recorder)
            .scheduler(Scheduler.disabledScheduler()).executor(executor).build();

    restarted.restore(List.of(withOldId));

    assertThat(restarted.snapshot()).extracting(SessionSnapshot::runId).containsExactly(oldId);
  }

  @Test
  void restoredSession_resumesWhereItWas_andADeadlinePassedWhileDownIsATimeout() {
    View q1 = begin(ADA).view();
    press(ADA, choiceAction(q1, "The right one"));
    press(ADA, "next:q1");
    press(ADA, "hint:q2");
    begin(BOB);
    List<SessionSnapshot> snapshots = engine.snapshot();
    assertThat(snapshots).hasSize(2);

    ChallengeEngine restarted =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
            .scheduler(Scheduler.disabledScheduler())
            .executor(executor)
            .build();
    assertThat(restarted.restore(snapshots)).isEqualTo(2);

    Step resumed = restarted.handle(ADA, new Command.Resume(), null);
    assertThat(resumed.view().title()).isEqualTo("Title of q2");
    assertThat(text(resumed.view())).contains("Hint of q2");

    clock.advance(Duration.ofMinutes(5)); // the bot was down past both deadlines
    assertThat(restarted.handle(BOB, new Command.Hint("q1"), null).event()).isEqualTo(new Event.TimedOut("q1"));
    Step finish = restarted.handle(ADA, new Command.Resume(), null);
    assertThat(finish.event()).isEqualTo(new Event.TimedOut("q2"));
  }

  @Test
  void timeMultiplier_extendsTheDeadline() {
    ChallengeEngine generous =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
            .scheduler(Scheduler.disabledScheduler())
            .executor(executor)
            .timeMultiplier(tenant -> 1.5)
            .build();

    View view = generous.handle(ADA, new Command.Begin("small"), null).view();

    assertThat(view.fact(Fact.Deadline.class)).contains(new Fact.Deadline(clock.instant().plus(Duration.ofMinutes(3))));
  }

  @Test
  void intro_givesTheRangeOfTimeLimits_whenQuestionsDiffer() {
    List<org.warmupbot.core.pack.Question> questions = new ArrayList<>(pack.questions());
    org.warmupbot.core.pack.Question first = questions.get(0);
    questions.set(0, new org.warmupbot.core.pack.Question(first.id(), first.category(), first.difficulty(), first.title(),
        first.prompt(), first.code(), first.answer(), first.hint(), first.explanation(), Duration.ofSeconds(30), 2));
    ChallengePack mixed = new ChallengePack("small", "Small", "Mixed limits", pack.badge(), pack.scoring(), questions, "v2");
    ChallengeEngine mixedEngine =
        ChallengeEngine.builder(TestPacks.catalogOf(mixed), clock).scheduler(Scheduler.disabledScheduler()).build();

    View intro = mixedEngine.handle(ADA, new Command.Open("small"), null).view();

    Fact.TimeAllowed allowed = intro.fact(Fact.TimeAllowed.class).orElseThrow();
    assertThat(allowed).isEqualTo(new Fact.TimeAllowed(Duration.ofSeconds(30), Duration.ofMinutes(2)));
    assertThat(allowed.varies()).isTrue();
  }

  @Test
  void storeDown_keepsTheRunAndTellsTheMemberItWillBeSaved() {
    org.mockito.Mockito.doThrow(new org.warmupbot.core.port.StoreUnavailableException("down", null))
        .doNothing()
        .when(store)
        .save(any());
    begin(ADA);

    FinishedRun run = playToEnd(ADA, false);
    assertThat(recorder.unsavedWrites()).isEqualTo(1);
    assertThat(recorder.retryWrites()).isZero();
    verify(store, times(2)).save(run);
  }

  @Test
  void afterAFailedSave_laterRunsAreHeldWithoutTryingTheStore_untilARetryGetsThemAllThrough() {
    org.mockito.Mockito.doThrow(new org.warmupbot.core.port.StoreUnavailableException("not committed in time", null))
        .doNothing()
        .when(store)
        .save(any());
    begin(ADA);
    FinishedRun first = playToEnd(ADA, false);
    begin(BOB);
    FinishedRun second = playToEnd(BOB, false);

    verify(store, times(1)).save(any()); // Bob's run was not offered to a store that had just failed
    assertThat(recorder.unsavedWrites()).isEqualTo(2);
    assertThat(recorder.retryWrites()).isZero();
    verify(store, times(2)).save(first);
    verify(store).save(second);
    begin(ADA);
    FinishedRun third = playToEnd(ADA, false);
    verify(store).save(third); // saved as it came, the store answering again
    assertThat(recorder.unsavedWrites()).isZero();
  }

  @Test
  void commandFinishingARun_isAppliedAtOnce_butRecordedOnTheGivenExecutor_andAnswersAfterTheWrite() {
    toTheTypedLastQuestion(engine, ADA);
    QueuedExecutor recording = new QueuedExecutor();

    assertThat(engine.handle(ADA, new Command.Type("q3", "41"), null, recording))
        .as("a wrong answer with an attempt left finishes nothing: complete at once").isCompleted();
    clock.advance(Duration.ofSeconds(30));
    CompletableFuture<Step> last = engine.handle(ADA, new Command.Type("q3", "42"), null, recording);
    clock.advance(Duration.ofMinutes(5)); // the recording waits long past the question's deadline

    assertThat(last).as("waits for the run's write").isNotDone();
    verify(store, never()).save(any());
    recording.runAll();
    assertThat(last).isCompleted();
    Step step = last.join();
    assertThat(step.event()).as("judged when it came, not when recorded").isInstanceOf(Event.Finished.class);
    assertThat(((Event.Finished) step.event()).run().questions().get(2).correct()).isTrue();
    verify(store).save(((Event.Finished) step.event()).run());
  }

  /** A press on the summary while its run's write is pending must not claim what only the write decides. */
  @Test
  void pressWhileTheRunsWriteIsPending_showsAllRight_butNeitherEarnedNorHeld_untilTheWriteSays() {
    toTheTypedLastQuestion(engine, ADA);
    QueuedExecutor recording = new QueuedExecutor();
    engine.handle(ADA, new Command.Type("q3", "42"), null, recording);

    Step meanwhile = engine.handle(ADA, new Command.Type("q3", "42"), null);

    assertThat(meanwhile.event()).isEqualTo(new Event.Stale());
    assertThat(text(meanwhile.view())).contains("All 3 right!").doesNotContain("earned", "hold");
    recording.runAll();
    assertThat(text(engine.handle(ADA, new Command.Type("q3", "42"), null).view()))
        .contains("You earned the Small Master badge!");
  }

  /**
   * At shutdown a finished run whose write still waits on a platform's executor must be written before the store
   * closes: the session is finished already, so it is no longer written down with the live ones.
   */
  @Test
  void shutdown_waitsForTheRunsBeingRecorded_andARunWhoseExecutorClosedIsRecordedAtOnce() throws Exception {
    toTheTypedLastQuestion(engine, ADA);
    java.util.concurrent.ExecutorService recording = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.CountDownLatch slowStore = new java.util.concurrent.CountDownLatch(1);
    recording.execute(() -> {
      try {
        slowStore.await(); // the executor's thread is busy with an earlier write
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      engine.handle(ADA, new Command.Type("q3", "42"), null, recording);
      assertThat(engine.shutDown()).as("nothing live to write down: the run is finished").isEmpty();

      assertThat(engine.awaitRecordings(Duration.ofMillis(50))).as("its write still waits").isFalse();
      verify(store, never()).save(any());
      slowStore.countDown();
      assertThat(engine.awaitRecordings(Duration.ofSeconds(10))).isTrue();
      verify(store).save(any());
    } finally {
      slowStore.countDown();
      recording.shutdownNow();
    }

    ChallengeEngine open = ChallengeEngine.builder(TestPacks.catalogOf(pack), clock).recorder(recorder)
        .scheduler(Scheduler.disabledScheduler()).executor(executor).seeds(seeds::incrementAndGet).build();
    toTheTypedLastQuestion(open, BOB);
    CompletableFuture<Step> closedExecutor = open.handle(BOB, new Command.Type("q3", "42"), null, task -> {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    });
    assertThat(closedExecutor).isCompleted();
    assertThat(open.awaitRecordings(Duration.ZERO)).isTrue();
    verify(store, times(2)).save(any());
  }

  /** Starts the small pack on {@code engine} and answers its two choice questions right, up to the typed last. */
  private static void toTheTypedLastQuestion(ChallengeEngine engine, Player player) {
    View first = engine.handle(player, new Command.Begin("small"), null).view();
    engine.handle(player, Command.parse(choiceAction(first, "The right one")).orElseThrow(), null);
    View second = engine.handle(player, Command.parse("next:q1").orElseThrow(), null).view();
    engine.handle(player, Command.parse(choiceAction(second, "The right one")).orElseThrow(), null);
    engine.handle(player, Command.parse("next:q2").orElseThrow(), null);
  }

  /** Answers every remaining question of ADA-like players, right or (for the last) wrong twice. */
  private FinishedRun playToEnd(Player player, boolean perfect) {
    Step step = engine.handle(player, new Command.Resume(), null);
    while (true) {
      View view = step.view();
      if (view.screen() == View.Screen.FEEDBACK || view.screen() == View.Screen.TIMES_UP) {
        step = press(player, view.actions(Action.Kind.NEXT).get(0).id());
        continue;
      }
      String questionId = view.actions().get(0).id().split(":")[1];
      boolean last = view.fact(Fact.Progress.class).orElseThrow().number() == 3;
      if (!view.actions(Action.Kind.TYPED_ANSWER).isEmpty()) {
        String answer = perfect || !last ? "42" : "41";
        step = engine.handle(player, new Command.Type(questionId, answer), null);
        if (!perfect && last) {
          step = engine.handle(player, new Command.Type(questionId, answer), null);
        }
      } else {
        step = press(player, choiceAction(view, "The right one"));
      }
      if (step.event() instanceof Event.Finished finished) {
        assertThat(step.view().screen()).isEqualTo(View.Screen.SUMMARY);
        assertThat(step.view().body()).filteredOn(Block.ResultLine.class::isInstance).hasSize(3);
        return finished.run();
      }
    }
  }
}
