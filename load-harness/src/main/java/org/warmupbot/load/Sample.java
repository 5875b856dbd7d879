package org.warmupbot.load;

/**
 * One interaction sent by the harness: what kind it was, when it left, and when (and how) its acknowledgement
 * reached the fake or the client. Written by the scheduler thread ({@code sentNanos}, {@code kind}) and by
 * whichever thread sees the acknowledgement ({@code ackedNanos}, {@code status}); read after the phase has drained.
 */
final class Sample {
  /** Not acknowledged (yet). */
  static final int PENDING = 0;
  /** Acknowledged as the platform would accept it. */
  static final int OK = 200;

  /** What a member did, so the figures can say which interaction makes the tail; in the order of a run. */
  enum Kind {
    /** {@code /warmup} on Discord, the shortcut on Slack: a new session and its first screen. */
    OPEN("open"),
    /** The Start press: the first question. */
    START("start"),
    /** A choice pressed (not the run's last answer). */
    ANSWER("answer"),
    /** Discord: the press that opens the answer modal (no engine call). */
    TYPE_PRESS("type press (modal)"),
    /** The typed answer: Discord's modal submission, Slack's dispatched input (not the run's last answer). */
    TYPED("typed answer"),
    /** Next question. */
    NEXT("next"),
    /** The run's last answer, whose screen shows the results: the run is saved and the badge granted. */
    FINISH("finish (last answer)"),
    /** Ack-only's presses, which carry nothing to do. */
    PRESS("press"),
    /** A new member's interaction that could not be sent. */
    UNSENT("unsent");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  final String key;
  final long sentNanos;
  /** Set when sent; turned into {@link Kind#FINISH} by the scheduler once the member's next screen is the results. */
  Kind kind;
  volatile long ackedNanos;
  /**
   * When the screen the interaction caused reached the member, if later than its acknowledgement: a deferred
   * acknowledgement's edit (Discord's finishing answer); 0 when the acknowledgement carried the screen.
   */
  volatile long shownNanos;
  /** {@link #PENDING}, {@link #OK}, an HTTP status the fake or the app answered, or -1 for an I/O failure. */
  volatile int status = PENDING;

  Sample(String key, Kind kind, long sentNanos) {
    this.key = key;
    this.kind = kind;
    this.sentNanos = sentNanos;
  }

  boolean acked() {
    return status != PENDING;
  }

  boolean ok() {
    return status == OK;
  }

  long latencyNanos() {
    return ackedNanos - sentNanos;
  }

  /** From sending to the screen the interaction caused: its acknowledgement, or the edit that followed it. */
  long shownLatencyNanos() {
    return Math.max(ackedNanos, shownNanos) - sentNanos;
  }
}
