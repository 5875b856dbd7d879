package org.warmupbot.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.SessionSnapshot;

/**
 * One member's run through a pack. Mutable and not thread-safe: the engine only touches it inside the cache's
 * per-key {@code compute}, which applies presses on one session one at a time.
 *
 * <p>Kept small on purpose (one live session per active member): results are packed into one {@code long} per
 * question and the last press ids are kept as 64-bit hashes.
 */
final class Session {
  enum State {
    /** The current question is open until {@link #deadline}. */
    ANSWERING,
    /** The current question's outcome is shown; waiting for Next. */
    REVIEWING,
    /** The run is recorded; the summary stays visible until the entry expires. */
    FINISHED
  }

  private static final int PRESSES_KEPT = 4;

  /** The random part of the run's id (see {@link #runIdText}). */
  final long runId;
  /** Restored from a snapshot of a version whose run ids were the random part alone: the id is kept as it was. */
  private boolean runIdWithoutTime;
  final ChallengePack pack;
  final long seed;
  final double timeMultiplier;
  final long startedAtMillis;

  State state = State.ANSWERING;
  int index;
  int attemptsUsed;
  boolean hintUsed;
  /** The open question's choices already answered wrong, by index (at most 5 choices: a byte holds them). */
  byte wrongChoices;
  long questionStartedAtMillis;
  long deadlineMillis;
  long finishedAtMillis;
  /**
   * What the finished run means for the badge, once the recorder said so (outside the session's lock, hence
   * volatile); until then, or without a recorder, what the run alone says.
   */
  volatile @Nullable BadgeNews badgeNews;
  /** Per question: bit 0 correct, bits 1-3 attempts, bit 4 hint, bits 8-31 points, bits 32-63 millis taken. */
  final long[] results;

  private long press0;
  private long press1;
  private long press2;
  private long press3;
  private int pressCursor;

  Session(long runId, ChallengePack pack, long seed, double timeMultiplier, long nowMillis) {
    this.runId = runId;
    this.pack = pack;
    this.seed = seed;
    this.timeMultiplier = timeMultiplier;
    this.startedAtMillis = nowMillis;
    this.results = new long[pack.size()];
    openQuestion(0, nowMillis);
  }

  Question question() {
    return pack.question(index);
  }

  boolean isLast() {
    return index == pack.size() - 1;
  }

  boolean live() {
    return state != State.FINISHED;
  }

  Duration timeLimit(Question question) {
    return Duration.ofMillis(Math.round(question.timeLimit().toMillis() * timeMultiplier));
  }

  int attemptsLeft() {
    return question().attempts() - attemptsUsed;
  }

  void openQuestion(int newIndex, long nowMillis) {
    index = newIndex;
    state = State.ANSWERING;
    attemptsUsed = 0;
    hintUsed = false;
    wrongChoices = 0;
    questionStartedAtMillis = nowMillis;
    deadlineMillis = nowMillis + timeLimit(question()).toMillis();
  }

  /** Closes the current question with its outcome and moves to REVIEWING, or FINISHED after the last. */
  void close(boolean correct, int points, long millisTaken) {
    results[index] =
        (correct ? 1L : 0L)
            | ((long) Math.min(attemptsUsed, 7) << 1)
            | (hintUsed ? 1L << 4 : 0L)
            | ((long) points << 8)
            | (millisTaken << 32);
    state = isLast() ? State.FINISHED : State.REVIEWING;
  }

  /** How the current question was closed; only meaningful once it is. */
  Screens.Outcome outcome() {
    long result = results[index];
    if (correct(result)) {
      return Screens.Outcome.CORRECT;
    }
    return attempts(result) >= question().attempts() ? Screens.Outcome.OUT_OF_ATTEMPTS : Screens.Outcome.TIMED_OUT;
  }

  /** Remembers a press id; returns false when it was seen already (a redelivery). */
  boolean firstPress(String pressId) {
    long hash = fingerprint(pressId);
    if (hash == press0 || hash == press1 || hash == press2 || hash == press3) {
      return false;
    }
    switch (pressCursor++ % PRESSES_KEPT) {
      case 0 -> press0 = hash;
      case 1 -> press1 = hash;
      case 2 -> press2 = hash;
      default -> press3 = hash;
    }
    return true;
  }

  /** A 64-bit FNV-1a hash of the press id; never 0, which marks an empty slot. */
  private static long fingerprint(String pressId) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < pressId.length(); i++) {
      hash = (hash ^ pressId.charAt(i)) * 0x100000001b3L;
    }
    return hash == 0 ? 1 : hash;
  }

  static boolean correct(long result) {
    return (result & 1L) != 0;
  }

  static int attempts(long result) {
    return (int) ((result >>> 1) & 7);
  }

  static boolean hint(long result) {
    return (result & (1L << 4)) != 0;
  }

  static int points(long result) {
    return (int) ((result >>> 8) & 0xFFFFFF);
  }

  static long millisTaken(long result) {
    return result >>> 32;
  }

  List<QuestionResult> doneResults(int upTo) {
    List<QuestionResult> done = new ArrayList<>(upTo);
    for (int i = 0; i < upTo; i++) {
      Question question = pack.question(i);
      long result = results[i];
      done.add(
          new QuestionResult(
              question.id(),
              question.category(),
              correct(result),
              attempts(result),
              hint(result),
              Duration.ofMillis(millisTaken(result)),
              points(result)));
    }
    return done;
  }

  int score() {
    int score = 0;
    for (long result : results) {
      score += points(result);
    }
    return score;
  }

  /**
   * The run's id: the millisecond it started (12 hex digits) then 64 random bits (16): 28 hex digits. Ids that
   * begin with their time are written next to each other in the indexes keyed by run id, where random ids land
   * anywhere (measured on SQLite: about 20% fewer saves per second with random ids); two runs share an id only if
   * they started in the same millisecond and drew the same 64 random bits.
   */
  String runIdText() {
    return runIdWithoutTime ? String.format("%016x", runId) : String.format("%012x%016x", startedAtMillis, runId);
  }

  FinishedRun finishedRun(Player player, long nowMillis) {
    List<QuestionResult> done = doneResults(pack.size());
    long totalMillis = done.stream().mapToLong(r -> r.timeTaken().toMillis()).sum();
    boolean perfect = done.stream().allMatch(QuestionResult::correct);
    return new FinishedRun(
        runIdText(),
        player,
        pack.id(),
        pack.version(),
        done,
        score(),
        Duration.ofMillis(totalMillis),
        Instant.ofEpochMilli(nowMillis),
        perfect);
  }

  SessionSnapshot snapshot(Player player) {
    int closed = state == State.ANSWERING ? index : index + 1;
    return new SessionSnapshot(
        player,
        runIdText(),
        pack.id(),
        pack.version(),
        seed,
        timeMultiplier,
        Instant.ofEpochMilli(startedAtMillis),
        index,
        state == State.ANSWERING,
        attemptsUsed,
        hintUsed,
        Instant.ofEpochMilli(questionStartedAtMillis),
        Instant.ofEpochMilli(deadlineMillis),
        doneResults(closed));
  }

  static Session restore(SessionSnapshot snapshot, ChallengePack pack) {
    String runId = snapshot.runId();
    Session session =
        new Session(
            Long.parseUnsignedLong(runId.substring(runId.length() - 16), 16),
            pack,
            snapshot.seed(),
            snapshot.timeMultiplier(),
            snapshot.startedAt().toEpochMilli());
    session.runIdWithoutTime = runId.length() == 16;
    List<QuestionResult> done = snapshot.done();
    for (int i = 0; i < done.size(); i++) {
      QuestionResult result = done.get(i);
      session.index = i;
      session.attemptsUsed = result.attemptsUsed();
      session.hintUsed = result.hintUsed();
      session.close(result.correct(), result.points(), result.timeTaken().toMillis());
    }
    session.index = snapshot.questionIndex();
    session.state = snapshot.answering() ? State.ANSWERING : State.REVIEWING;
    session.attemptsUsed = snapshot.attemptsUsed();
    session.hintUsed = snapshot.hintUsed();
    session.questionStartedAtMillis = snapshot.questionStartedAt().toEpochMilli();
    session.deadlineMillis = snapshot.deadline().toEpochMilli();
    return session;
  }
}
