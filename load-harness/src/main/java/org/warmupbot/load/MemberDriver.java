package org.warmupbot.load;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Picks who acts next: the longest-waiting member whose last interaction was answered and whose think time has
 * passed, else a new member (who opens the challenge). So the arrival rate stays fixed (open loop) whatever the
 * latency, and the number of members in a challenge at once settles near rate x (think time + latency).
 * Members whose last interaction went unanswered for {@link #STUCK_NANOS} leave (the sample counts as an error).
 * Scheduler thread only.
 */
abstract class MemberDriver implements Driver {
  static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ArrayDeque<Member> waiting = new ArrayDeque<>();
  private final long thinkNanos;
  private final long firstUser;
  private long nextUser;
  private long finished;
  private long failed;
  /** Refused members by how many interactions they had sent (which step of the challenge fails). */
  private final java.util.TreeMap<Integer, Integer> failedAt = new java.util.TreeMap<>();
  private long stuck;
  private long actionsOfFinished;

  MemberDriver(long thinkMillis, long firstUser) {
    this.thinkNanos = TimeUnit.MILLISECONDS.toNanos(thinkMillis);
    this.firstUser = firstUser;
    this.nextUser = firstUser;
  }

  @Override
  public final @Nullable Sample sendOne() {
    long now = System.nanoTime();
    Member head;
    while ((head = waiting.peekFirst()) != null && head.readyAtNanos <= now) {
      waiting.pollFirst();
      Outcome outcome = outcome(head);
      if (outcome == Outcome.WAITING) {
        if (now - head.last.sentNanos < STUCK_NANOS) {
          head.readyAtNanos = now + RECHECK_NANOS; // answered late: look again soon, others first
          waiting.addLast(head);
        } else {
          stuck++;
        }
        continue;
      }
      if (outcome == Outcome.FAILED) {
        failed++;
        failedAt.merge(head.actions, 1, Integer::sum);
        continue; // refused: this member stops here
      }
      Sample sent = next(head);
      if (sent != null) {
        return queued(head, sent);
      }
      finished++; // finished the challenge: leaves
      actionsOfFinished += head.actions;
    }
    Member fresh = new Member(nextUser - firstUser, Long.toString(nextUser++));
    return queued(fresh, open(fresh));
  }

  private Sample queued(Member member, Sample sent) {
    member.last = sent;
    member.actions++;
    member.readyAtNanos = sent.sentNanos + thinkNanos;
    waiting.addLast(member);
    return sent;
  }

  @Override
  public void resetMembers() {
    waiting.clear();
    finished = 0;
    failed = 0;
    failedAt.clear();
    stuck = 0;
    actionsOfFinished = 0;
    startedAt = nextUser;
  }

  private long startedAt;

  @Override
  public String members() {
    return String.format(java.util.Locale.ROOT, "members started %d, finished %d (%.1f interactions each), "
        + "refused %d (at interaction: %s), stuck %d, still playing %d", nextUser - startedAt, finished,
        finished == 0 ? 0.0 : (double) actionsOfFinished / finished, failed, failedAt, stuck, waiting.size());
  }

  /** Where a member's last interaction stands. */
  enum Outcome { WAITING, OK, FAILED }

  /** Whether the member's last interaction was answered, and their screen can be read. */
  abstract Outcome outcome(Member member);

  /** The member's first interaction: opens the challenge. */
  abstract Sample open(Member member);

  /** The member's next interaction, or null when their challenge is over. */
  abstract @Nullable Sample next(Member member);
}
