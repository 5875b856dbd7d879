package org.warmupbot.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.SessionSnapshot;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;

/**
 * Runs timed challenges: one live session per {@link Player}, kept in a Caffeine cache whose per-entry expiry
 * follows the current question's deadline. When a deadline passes with nobody pressing, Caffeine's scheduler
 * evicts the entry on time; the engine turns that into a timeout, keeps the session for its Next, and tells the
 * {@link TimeoutListener}s. A session left alone after its outcome expires after the idle timeout, so
 * abandoned sessions leave memory with no sweeper thread of ours.
 *
 * <p>Thread-safe. Commands on one player's session apply one at a time (the cache's per-key compute); commands
 * of different players run in parallel. The deadline is enforced here with the injected clock: an answer at or
 * after it is a timeout, whatever the client showed.
 */
public final class ChallengeEngine {
  private static final Logger log = LoggerFactory.getLogger(ChallengeEngine.class);

  private final ChallengeCatalog catalog;
  private final Clock clock;
  private final @Nullable RunRecorder recorder;
  private final Function<Tenant, Double> timeMultiplier;
  private final LongSupplier seeds;
  private final Cache<Player, Session> sessions;
  /**
   * Sessions Caffeine evicted at their question's deadline, held for the moment until the timeout is applied
   * (by the removal listener, or by a press that arrives first).
   */
  private final ConcurrentHashMap<Player, Session> expiredWhileAnswering = new ConcurrentHashMap<>();
  private final Object recordingsLock = new Object();
  /** Finished runs handed to a platform's executor and not recorded yet; guarded by recordingsLock. */
  private int recordingsInFlight;

  private final List<TimeoutListener> timeoutListeners = new CopyOnWriteArrayList<>();
  private final StepObserver observer;
  private volatile boolean stopped;

  private ChallengeEngine(Builder builder) {
    this.catalog = builder.catalog;
    this.clock = builder.clock;
    this.recorder = builder.recorder;
    this.timeMultiplier = builder.timeMultiplier;
    this.seeds = builder.seeds;
    this.observer = builder.observer;
    long idleNanos = builder.idleTimeout.toNanos();
    this.sessions =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .scheduler(builder.scheduler)
            .executor(builder.executor)
            .expireAfter(new DeadlineExpiry(clock, idleNanos))
            .evictionListener(
                (Player player, Session session, RemovalCause cause) -> {
                  if (player != null && session != null && session.state == Session.State.ANSWERING) {
                    expiredWhileAnswering.put(player, session);
                  }
                })
            .removalListener(
                (Player player, Session session, RemovalCause cause) -> {
                  if (player != null && cause == RemovalCause.EXPIRED) {
                    timeOutUnpressed(player);
                  }
                })
            .build();
  }

  public static Builder builder(ChallengeCatalog catalog, Clock clock) {
    return new Builder(catalog, clock);
  }

  /**
   * Applies a member's command to their session and says what happened.
   *
   * @param pressId the platform's id of this press (interaction id, action timestamp); a press id seen already
   *     on this session changes nothing and answers {@link Event.Duplicate}. {@code null} when the platform
   *     gives none (the terminal).
   */
  public Step handle(Player player, Command command, @Nullable String pressId) {
    if (stopped) {
      return restarting();
    }
    return finished(player, applied(player, command, pressId));
  }

  /**
   * As {@link #handle(Player, Command, String)}, but a run the command finishes is recorded on {@code recording}:
   * the command itself is applied now, on the caller's thread (its deadline judged by when it came, however long
   * the recording waits for the store), and the returned step is complete at once unless a run is being recorded.
   * A platform that must acknowledge within a deadline acknowledges first when it is not complete, and shows the
   * step once it is (the summary, after the run's write). It completes exceptionally only if recording throws an
   * unforeseen exception.
   */
  public CompletableFuture<Step> handle(
      Player player, Command command, @Nullable String pressId, Executor recording) {
    if (stopped) {
      return CompletableFuture.completedFuture(restarting());
    }
    Transition transition = applied(player, command, pressId);
    if (transition.finished == null) {
      return CompletableFuture.completedFuture(finished(player, transition));
    }
    synchronized (recordingsLock) {
      recordingsInFlight++;
    }
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return finished(player, transition);
        } finally {
          recorded();
        }
      }, recording);
    } catch (RejectedExecutionException closing) {
      // The platform is closing its executor: the run is final already, so it is recorded here, not lost.
      try {
        return CompletableFuture.completedFuture(finished(player, transition));
      } finally {
        recorded();
      }
    }
  }

  private void recorded() {
    synchronized (recordingsLock) {
      recordingsInFlight--;
      recordingsLock.notifyAll();
    }
  }

  /**
   * Waits until the runs that commands finished have been recorded (their writes run on the platforms'
   * executors, after the acknowledgement): at shutdown, before the store closes, so no finished run is lost.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitRecordings(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (recordingsLock) {
      while (recordingsInFlight > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(recordingsLock, left);
      }
      return true;
    }
  }

  private static Step restarting() {
    String reason = "The bot is restarting. Your challenge is kept: open it again in a minute to go on.";
    return new Step(new Event.Refused(reason), View.message("Restarting", reason));
  }

  /** Applies the command to the member's session, under its lock; a run it finishes is not recorded yet. */
  private Transition applied(Player player, Command command, @Nullable String pressId) {
    Transition transition = new Transition();
    sessions
        .asMap()
        .compute(
            player,
            (key, current) -> {
              Session session = current != null ? current : expiredWhileAnswering.remove(key);
              return apply(key, session, command, pressId, transition);
            });
    return transition;
  }

  /** Records the run the command finished, if any, and tells the observer. */
  private Step finished(Player player, Transition transition) {
    Step step = finish(player, transition);
    observer.observed(player, step);
    return step;
  }

  /**
   * Ends this engine for a shutdown and returns every live session written down for {@link #restore}: those in
   * the cache and those whose deadline passed but whose timeout was not applied yet (the next process applies it
   * on restore, as for any deadline that passed while the bot was down). Then forgets them all without timing any
   * out or recording anything, so no deadline fires into closed stores and platforms afterwards. From then on
   * every command is refused with a notice that the member's challenge is kept. Cannot be undone.
   */
  public List<SessionSnapshot> shutDown() {
    stopped = true; // from here the timeout path does nothing and every command is refused
    expireDueSessions(); // deadlines due now move their sessions to expiredWhileAnswering (synchronously)
    List<SessionSnapshot> last = new ArrayList<>();
    expiredWhileAnswering.forEach((player, session) -> last.add(session.snapshot(player)));
    last.addAll(snapshot());
    sessions.invalidateAll();
    expiredWhileAnswering.clear();
    return last;
  }

  /** Registers a listener for timeouts nobody pressed for; see {@link TimeoutListener} for its thread. */
  public void addTimeoutListener(TimeoutListener listener) {
    timeoutListeners.add(listener);
  }

  /** How many sessions are live (not yet finished or expired), approximately. */
  public long liveSessions() {
    return sessions.asMap().values().stream().filter(Session::live).count();
  }

  /**
   * Applies every expiry that is due now: timeouts of unpressed questions and removal of idle sessions. Caffeine's
   * scheduler does this on time by itself; this is for tests on a fake clock and for shutdown.
   */
  public void expireDueSessions() {
    sessions.cleanUp();
  }

  /** Writes down every live session, for {@link #restore} after a restart. */
  public List<SessionSnapshot> snapshot() {
    List<SessionSnapshot> snapshots = new ArrayList<>();
    for (Player player : List.copyOf(sessions.asMap().keySet())) {
      sessions
          .asMap()
          .computeIfPresent(
              player,
              (key, session) -> {
                if (session.live()) {
                  snapshots.add(session.snapshot(key));
                }
                return session;
              });
    }
    return snapshots;
  }

  /**
   * Brings back sessions written down by {@link #snapshot}. A session whose pack is gone or changed is dropped
   * (logged): its questions may no longer be the ones it was answering. A question whose deadline passed while
   * the bot was down resumes as a timeout.
   *
   * @return how many sessions were restored
   */
  public int restore(Collection<SessionSnapshot> snapshots) {
    int restored = 0;
    for (SessionSnapshot snapshot : snapshots) {
      Optional<ChallengePack> pack =
          catalog.find(snapshot.packId()).filter(p -> p.version().equals(snapshot.packVersion()));
      if (pack.isEmpty()) {
        log.warn(
            "Dropped the live session of {} on pack {}: the pack is gone or changed since it started",
            snapshot.player(),
            snapshot.packId());
        continue;
      }
      Session session = Session.restore(snapshot, pack.get());
      sessions.asMap().putIfAbsent(snapshot.player(), session);
      restored++;
    }
    return restored;
  }

  private @Nullable Session apply(
      Player player, @Nullable Session session, Command command, @Nullable String pressId, Transition out) {
    long now = clock.millis();
    if (session != null && pressId != null && !session.firstPress(pressId)) {
      out.step = new Step(new Event.Duplicate(), currentView(player, session));
      return session;
    }
    if (session != null && session.state == Session.State.ANSWERING && now >= session.deadlineMillis) {
      timeOut(player, session, out);
      if (session.state == Session.State.FINISHED
          || !(command instanceof Command.Open
              || command instanceof Command.Begin
              || command instanceof Command.Restart
              || command instanceof Command.Abandon)) {
        // The press came too late: the timeout is its answer. On the last question that timeout ended the run,
        // whatever was pressed (Quit, Play again, /warmup): its summary is shown, so the run is recorded.
        return session;
      }
    }
    if (command instanceof Command.Open open) {
      return open(player, session, open.packId(), out);
    } else if (command instanceof Command.Begin begin) {
      if (session != null && session.live()) {
        out.step = liveSessionFound(session, begin.packId());
        return session;
      }
      return begin(player, session, begin.packId(), now, out);
    } else if (command instanceof Command.Restart restart) {
      return begin(player, session, restart.packId(), now, out);
    } else if (command instanceof Command.Resume) {
      if (session == null || !session.live()) {
        out.step = noSession();
        return session;
      }
      out.step = new Step(new Event.Resumed(), currentView(player, session));
      return session;
    } else if (command instanceof Command.Abandon) {
      if (session == null || !session.live()) {
        out.step = noSession();
        return session;
      }
      out.step =
          new Step(
              new Event.Abandoned(),
              View.message("Challenge abandoned", "Nothing was recorded. Start again whenever you like."));
      return null;
    } else if (command instanceof Command.Choose choose) {
      return answer(player, session, choose.questionId(), choose.choiceId(), null, now, out);
    } else if (command instanceof Command.Type typed) {
      return answer(player, session, typed.questionId(), null, typed.text(), now, out);
    } else if (command instanceof Command.Hint hint) {
      if (!isOpen(session, hint.questionId())) {
        out.step = stale(player, session);
        return session;
      }
      session.hintUsed = true;
      out.step = new Step(new Event.HintShown(hint.questionId()), Screens.question(session, ""));
      return session;
    } else if (command instanceof Command.Next next) {
      if (session == null
          || session.state != Session.State.REVIEWING
          || !session.question().id().equals(next.questionId())) {
        out.step = stale(player, session);
        return session;
      }
      session.openQuestion(session.index + 1, now);
      out.step = new Step(new Event.Advanced(session.index + 1), Screens.question(session, ""));
      return session;
    }
    throw new IllegalStateException("unknown command " + command);
  }

  private Step liveSessionFound(Session session, String requestedPackId) {
    String title = catalog.find(requestedPackId).map(ChallengePack::title).orElse(null);
    return new Step(new Event.LiveSessionFound(session.pack.id()),
        Screens.liveSessionFound(session, requestedPackId, title));
  }

  private @Nullable Session open(Player player, @Nullable Session session, String packId, Transition out) {
    if (session != null && session.live()) {
      out.step = liveSessionFound(session, packId);
      return session;
    }
    Optional<ChallengePack> pack = catalog.find(packId);
    if (pack.isEmpty()) {
      out.step = unknownPack(packId);
      return session;
    }
    double multiplier = timeMultiplier.apply(player.tenantKey());
    out.step = new Step(new Event.IntroShown(packId), Screens.intro(pack.get(), multiplier));
    return session;
  }

  private @Nullable Session begin(
      Player player, @Nullable Session session, String packId, long now, Transition out) {
    Optional<ChallengePack> pack = catalog.find(packId);
    if (pack.isEmpty()) {
      out.step = unknownPack(packId);
      return session;
    }
    double multiplier = timeMultiplier.apply(player.tenantKey());
    long seed = seeds.getAsLong();
    Session started = new Session(seeds.getAsLong(), pack.get(), seed, multiplier, now);
    out.step = new Step(new Event.Started(started.runIdText(), packId), Screens.question(started, ""));
    return started;
  }

  private @Nullable Session answer(
      Player player,
      @Nullable Session session,
      String questionId,
      @Nullable String choiceId,
      @Nullable String typed,
      long now,
      Transition out) {
    if (!isOpen(session, questionId)) {
      out.step = stale(player, session);
      return session;
    }
    Question question = session.question();
    Optional<Choice> chosen = chosen(question, choiceId, typed);
    int choice = chosen.map(c -> ((Answer.SingleChoice) question.answer()).choices().indexOf(c)).orElse(-1);
    if (choice >= 0 && (session.wrongChoices & (1 << choice)) != 0) {
      // A double click, or two devices: the member was told this one is wrong, so it costs no attempt again.
      String reason = "You tried that one already: pick another.";
      out.step = new Step(new Event.Refused(reason), Screens.question(session, reason));
      return session;
    }
    Optional<Boolean> judged = judge(question, chosen, typed);
    if (judged.isEmpty()) {
      String reason =
          question.answer() instanceof Answer.Numeric
              ? TypedNumber.refusal(typed == null ? "" : typed)
              : choiceId != null ? "That choice is not part of this question." : "That is not one of the choices.";
      out.step = new Step(new Event.Refused(reason), Screens.question(session, reason));
      return session;
    }
    session.attemptsUsed++;
    boolean correct = judged.get();
    long taken = now - session.questionStartedAtMillis;
    if (correct) {
      int points =
          session.pack
              .scoring()
              .pointsFor(
                  question.difficulty(),
                  session.attemptsUsed,
                  session.hintUsed,
                  Duration.ofMillis(session.deadlineMillis - now),
                  session.timeLimit(question));
      session.close(true, points, taken);
      closed(player, session, new Event.Answered(questionId, true, session.attemptsLeft(), points), out, now);
    } else if (session.attemptsLeft() > 0) {
      if (choice >= 0) {
        session.wrongChoices |= (byte) (1 << choice);
      }
      int left = session.attemptsLeft();
      String notice = "✗ Not quite. " + left + (left == 1 ? " attempt left." : " attempts left.");
      out.step = new Step(new Event.Answered(questionId, false, left, 0), Screens.question(session, notice));
    } else {
      session.close(false, 0, taken);
      closed(player, session, new Event.Answered(questionId, false, 0, 0), out, now);
    }
    return session;
  }

  /** The choice answered (pressed, or typed as its text); empty for a numeric question or no such choice. */
  private static Optional<Choice> chosen(Question question, @Nullable String choiceId, @Nullable String typed) {
    if (!(question.answer() instanceof Answer.SingleChoice single)) {
      return Optional.empty();
    }
    return choiceId != null ? single.choice(choiceId) : single.choiceLabelled(typed == null ? "" : typed);
  }

  /** Empty when the answer cannot be judged: not a number, or not one of the choices ({@code chosen}: none). */
  private static Optional<Boolean> judge(Question question, Optional<Choice> chosen, @Nullable String typed) {
    Answer answer = question.answer();
    if (answer instanceof Answer.SingleChoice) {
      return chosen.map(Choice::correct);
    }
    Answer.Numeric numeric = (Answer.Numeric) answer;
    if (typed == null) {
      return Optional.empty();
    }
    return TypedNumber.read(typed).map(numeric::accepts);
  }

  /** The question was just closed: show its outcome, or the summary after the last one. */
  private void closed(Player player, Session session, Event answered, Transition out, long now) {
    Screens.Outcome outcome = session.outcome();
    if (session.state == Session.State.FINISHED) {
      session.finishedAtMillis = now;
      FinishedRun run = session.finishedRun(player, now);
      out.finished = session;
      out.lastOutcome = outcome;
      BadgeNews untilRecorded = untilRecorded(run);
      out.step = new Step(new Event.Finished(run, answered, untilRecorded),
          Screens.summary(session, run, outcome, untilRecorded));
    } else {
      out.step = new Step(answered, Screens.outcome(session, outcome));
    }
  }

  private void timeOut(Player player, Session session, Transition out) {
    Question question = session.question();
    session.close(false, 0, session.timeLimit(question).toMillis());
    closed(player, session, new Event.TimedOut(question.id()), out, session.deadlineMillis);
  }

  /** A deadline passed with nobody pressing: apply the timeout unless a press already did. */
  private void timeOutUnpressed(Player player) {
    if (stopped || !expiredWhileAnswering.containsKey(player)) {
      return;
    }
    Transition transition = new Transition();
    sessions
        .asMap()
        .compute(
            player,
            (key, current) -> {
              if (current != null || stopped) {
                return current; // a new session began meanwhile, or the engine was shut down
              }
              Session session = expiredWhileAnswering.remove(key);
              if (session != null) {
                timeOut(key, session, transition);
              }
              return session;
            });
    if (transition.step == null) {
      return;
    }
    Step step = finish(player, transition);
    observer.observed(player, step);
    for (TimeoutListener listener : timeoutListeners) {
      try {
        listener.timedOut(player, step);
      } catch (RuntimeException e) {
        log.warn("A timeout listener failed for {}", player, e);
      }
    }
  }

  /**
   * Outside the session's lock: record a finished run, say in its summary what it means for the badge (the
   * recorder knows whether the member holds it already), and tell the member if it could not be saved yet.
   */
  private Step finish(Player player, Transition transition) {
    Step step = transition.step;
    Session session = transition.finished;
    if (session == null || recorder == null || !(step.event() instanceof Event.Finished shown)) {
      return step;
    }
    FinishedRun run = shown.run();
    RunRecorder.Recorded recorded = recorder.record(run, session.pack);
    session.badgeNews = recorded.badge();
    if (shown.badge() != recorded.badge()) {
      // A finished session no longer changes (every press on it is stale), so its summary can be drawn again here.
      step = new Step(new Event.Finished(run, shown.closedBy(), recorded.badge()),
          Screens.summary(session, run, transition.lastOutcome, recorded.badge()));
    }
    if (recorded.saved()) {
      return step;
    }
    View view = step.view();
    List<Block> body = new ArrayList<>(view.body());
    body.add(new Block.Text("Your result is kept and will be saved as soon as the results store is back."));
    return new Step(step.event(), new View(view.screen(), view.title(), body, view.facts(), view.actions()));
  }

  private View currentView(Player player, Session session) {
    return switch (session.state) {
      case ANSWERING -> Screens.question(session, "");
      case REVIEWING -> Screens.outcome(session, session.outcome());
      case FINISHED -> {
        FinishedRun run = session.finishedRun(player, session.finishedAtMillis);
        BadgeNews badge = session.badgeNews;
        // Without the recorder's word yet (the write is pending, or there is no recorder), claim nothing.
        BadgeNews shown = badge != null ? badge : run.badgeEarned() ? BadgeNews.UNDECIDED : BadgeNews.NONE;
        yield Screens.summary(session, run, null, shown);
      }
    };
  }

  /** What a run means for its badge before the recorder has said (or without one): what the run alone says. */
  private static BadgeNews untilRecorded(FinishedRun run) {
    return run.badgeEarned() ? BadgeNews.EARNED : BadgeNews.NONE;
  }

  private static boolean isOpen(@Nullable Session session, String questionId) {
    return session != null
        && session.state == Session.State.ANSWERING
        && session.question().id().equals(questionId);
  }

  private Step stale(Player player, @Nullable Session session) {
    if (session == null) {
      return noSession();
    }
    return new Step(new Event.Stale(), currentView(player, session));
  }

  private static Step noSession() {
    return new Step(
        new Event.NoSession(),
        View.message("No challenge in progress", "This challenge has ended. Start a new one whenever you like."));
  }

  private Step unknownPack(String packId) {
    String known = catalog.all().stream().map(ChallengePack::id).collect(Collectors.joining(", "));
    String reason = "There is no challenge called \"" + packId + "\". Available: " + known + ".";
    return new Step(new Event.Refused(reason), View.message("Unknown challenge", reason));
  }

  /** What one command produced; filled inside the compute, acted on outside it. */
  private static final class Transition {
    @Nullable Step step;
    /**
     * The session the command finished (its run, not recorded yet, is in the step's {@link Event.Finished}), and
     * its last question's outcome, to draw the summary again once the recorder has said what the run means.
     */
    @Nullable Session finished;
    Screens.@Nullable Outcome lastOutcome;
  }

  /** Expires an answering session at its deadline, any other after the idle timeout. */
  private static final class DeadlineExpiry implements Expiry<Player, Session> {
    private final Clock clock;
    private final long idleNanos;

    DeadlineExpiry(Clock clock, long idleNanos) {
      this.clock = clock;
      this.idleNanos = idleNanos;
    }

    @Override
    public long expireAfterCreate(Player player, Session session, long currentTime) {
      if (session.state != Session.State.ANSWERING) {
        return idleNanos;
      }
      return TimeUnit.MILLISECONDS.toNanos(Math.max(0, session.deadlineMillis - clock.millis()));
    }

    @Override
    public long expireAfterUpdate(Player player, Session session, long currentTime, long currentDuration) {
      return expireAfterCreate(player, session, currentTime);
    }

    @Override
    public long expireAfterRead(Player player, Session session, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Configures an engine; only the catalog and the clock are required. */
  public static final class Builder {
    private final ChallengeCatalog catalog;
    private final Clock clock;
    private @Nullable RunRecorder recorder;
    private Function<Tenant, Double> timeMultiplier = tenant -> 1.0;
    private Duration idleTimeout = Duration.ofMinutes(15);
    private Scheduler scheduler = Scheduler.systemScheduler();
    private Executor executor = ForkJoinPool.commonPool();
    private LongSupplier seeds = new SecureRandom()::nextLong;
    private StepObserver observer = (player, step) -> {};

    private Builder(ChallengeCatalog catalog, Clock clock) {
      this.catalog = catalog;
      this.clock = clock;
    }

    /** Where finished runs go; without one, runs are not kept. */
    public Builder recorder(RunRecorder recorder) {
      this.recorder = recorder;
      return this;
    }

    /** Extra time per tenant (an admin setting for members who need more time); 1.0 by default. */
    public Builder timeMultiplier(Function<Tenant, Double> timeMultiplier) {
      this.timeMultiplier = timeMultiplier;
      return this;
    }

    /** How long a session waits between questions, or shows its summary, before it is dropped. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * What wakes Caffeine at a deadline. The JVM-wide system scheduler by default; tests on a fake clock pass
     * {@link Scheduler#disabledScheduler()} and call {@link ChallengeEngine#expireDueSessions()}.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Runs timeout handling and listeners; the common pool by default. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Seeds of run ids and choice order; random by default, fixed in tests so orders are stable. */
    public Builder seeds(LongSupplier seeds) {
      this.seeds = seeds;
      return this;
    }

    /** Sees every step, for metrics; nothing by default. */
    public Builder observer(StepObserver observer) {
      this.observer = observer;
      return this;
    }

    public ChallengeEngine build() {
      return new ChallengeEngine(this);
    }
  }
}
