package org.warmupbot.load;

/**
 * One interaction sent by the harness: when it left, and when (and how) its acknowledgement reached the fake
 * or the client. Written by the scheduler thread ({@code sentNanos}) and by whichever thread sees the
 * acknowledgement ({@code ackedNanos}, {@code status}); read after the phase has drained.
 */
final class Sample {
  /** Not acknowledged (yet). */
  static final int PENDING = 0;
  /** Acknowledged as the platform would accept it. */
  static final int OK = 200;

  final String key;
  final long sentNanos;
  volatile long ackedNanos;
  /** {@link #PENDING}, {@link #OK}, an HTTP status the fake or the app answered, or -1 for an I/O failure. */
  volatile int status = PENDING;

  Sample(String key, long sentNanos) {
    this.key = key;
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
}
