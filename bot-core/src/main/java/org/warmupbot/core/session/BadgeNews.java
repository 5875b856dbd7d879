package org.warmupbot.core.session;

/**
 * What a finished run means for its pack's badge. Decided once, by {@link RunRecorder#record}, from the member's
 * award the store kept before the run: the summary says it, and the platforms announce only {@link #EARNED}.
 */
public enum BadgeNews {
  /** Not a perfect run: no badge. */
  NONE,
  /**
   * A perfect run that earned the badge for the first time: it is granted and announced. Also what a perfect run
   * means when the store could not be asked (it is down): a first badge must not go unannounced.
   */
  EARNED,
  /**
   * A perfect run by a member whose earlier award is not given yet (pending, or failed): the grant is tried again
   * (unless one runs already), not announced again. The award keeps the time it was first earned.
   */
  STILL_BEING_GIVEN,
  /**
   * A perfect run by a member who holds the badge already: not announced again, and the award stays granted; the
   * badge is only given again quietly, so that a role or group an admin set for it since reaches her too.
   */
  ALREADY_HELD,
  /**
   * A perfect run whose meaning for the badge is not known yet: its write, which decides it, is still pending.
   * Shown to a press that comes meanwhile as all right, neither earned nor held; never announced.
   */
  UNDECIDED;

  /** Whether the platforms congratulate the member in public: only when the badge is earned for the first time. */
  public boolean announced() {
    return this == EARNED;
  }
}
