package org.warmupbot.core.session;

import org.warmupbot.core.port.FinishedRun;

/** What a command did. Each {@link Step} carries one, beside the view to show. */
public sealed interface Event {

  /** The pack's intro card is shown; no session yet. */
  record IntroShown(String packId) implements Event {}

  /** A session is live: the view offers resume or restart. */
  record LiveSessionFound(String packId) implements Event {}

  /** A new session began at its first question. */
  record Started(String runId, String packId) implements Event {}

  record Resumed() implements Event {}

  /**
   * An answer was judged. When {@code correct} is false and {@code attemptsLeft} is 0 the question is over and
   * the explanation shows.
   */
  record Answered(String questionId, boolean correct, int attemptsLeft, int points) implements Event {}

  /** The question's time ran out, noticed at the deadline or by a late press. */
  record TimedOut(String questionId) implements Event {}

  record HintShown(String questionId) implements Event {}

  /** The next question opened; {@code number} is 1-based. */
  record Advanced(int number) implements Event {}

  /**
   * The last question was closed; the run is final and handed to the recorder.
   *
   * @param closedBy how the last question closed: an {@link Answered} or a {@link TimedOut}
   * @param badge what the run means for the pack's badge; announce it only when {@link BadgeNews#announced()}
   */
  record Finished(FinishedRun run, Event closedBy, BadgeNews badge) implements Event {}

  record Abandoned() implements Event {}

  /** This press id was already applied; nothing changed. */
  record Duplicate() implements Event {}

  /** The press was for a question that is no longer open, or for nothing the session offers now. */
  record Stale() implements Event {}

  /** The member has no live session (it finished, was abandoned or expired). */
  record NoSession() implements Event {}

  /** The command was refused; {@code reason} says why and what to do, in words fit for the member. */
  record Refused(String reason) implements Event {}
}
