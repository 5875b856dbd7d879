package org.warmupbot.load;

import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Members who act independently of each other: a new one arrives when the scheduler says so (open loop, at a
 * fixed rate), and each acts again {@code think} after their last interaction was answered, until their run is
 * over. So the interaction rate settles near arrivals x interactions per run whatever the latency, and a slow
 * stack meets the same arrivals rather than a population that grows to fill its lag. A member is first looked
 * at {@code think} after sending (their answer cannot come earlier), then at answer + think; one whose answer
 * has not come is looked at again every {@link #RECHECK_NANOS}, and leaves after {@link #STUCK_NANOS} (the
 * sample counts as an error). Scheduler thread only.
 */
abstract class MemberDriver implements Driver {
  static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final PriorityQueue<Member> playing = new PriorityQueue<>(Comparator.comparingLong(m -> m.dueNanos));
  private final long thinkNanos;
  private final long firstUser;
  private long nextUser;
  private long arrivedSinceReset;
  private long finished;
  private long failed;
  /** Refused members by how many interactions they had sent (which step of the challenge fails). */
  private final TreeMap<Integer, Integer> failedAt = new TreeMap<>();
  private long stuck;
  private long actionsOfFinished;

  /**
   * @param firstNumber how many members earlier drivers of the same stack had, so a driver made per phase
   *     (split mode) gives its members new user ids, as one driver for all phases does
   */
  MemberDriver(long thinkMillis, long firstUser, long firstNumber) {
    this.thinkNanos = TimeUnit.MILLISECONDS.toNanos(thinkMillis);
    this.firstUser = firstUser;
    this.nextUser = firstUser + firstNumber;
  }

  @Override
  public final long membersSoFar() {
    return nextUser - firstUser;
  }

  @Override
  public final Sample arrive() {
    Member fresh = new Member(nextUser - firstUser, Long.toString(nextUser++));
    arrivedSinceReset++;
    Sample sent = open(fresh);
    queued(fresh, sent);
    return sent;
  }

  @Override
  public final void actDue(long nowNanos, Consumer<Sample> sent) {
    Member head;
    while ((head = playing.peek()) != null && head.dueNanos <= nowNanos) {
      playing.poll();
      if (!head.answered) {
        Outcome outcome = outcome(head);
        if (outcome == Outcome.FAILED) {
          failed++;
          failedAt.merge(head.actions, 1, Integer::sum);
          continue; // refused: this member stops here
        }
        if (outcome == Outcome.WAITING) {
          if (nowNanos - head.last.sentNanos < STUCK_NANOS) {
            head.dueNanos = nowNanos + RECHECK_NANOS;
            playing.add(head);
          } else {
            stuck++;
          }
          continue;
        }
        head.answered = true;
        head.dueNanos = head.answeredNanos + thinkNanos;
        if (head.dueNanos > nowNanos) {
          playing.add(head); // reads the screen first
          continue;
        }
      }
      Sample next = next(head);
      if (next == null) {
        finished++; // finished the challenge: leaves
        actionsOfFinished += head.actions;
        continue;
      }
      queued(head, next);
      sent.accept(next);
    }
  }

  @Override
  public final long nextDueNanos() {
    Member head = playing.peek();
    return head == null ? Long.MAX_VALUE : head.dueNanos;
  }

  private void queued(Member member, Sample sent) {
    member.last = sent;
    member.actions++;
    member.answered = false;
    member.dueNanos = sent.sentNanos + thinkNanos;
    playing.add(member);
  }

  @Override
  public void resetMembers() {
    playing.clear();
    arrivedSinceReset = 0;
    finished = 0;
    failed = 0;
    failedAt.clear();
    stuck = 0;
    actionsOfFinished = 0;
  }

  @Override
  public String members() {
    return String.format(Locale.ROOT, "members arrived %d, finished %d (%.1f interactions each), "
        + "refused %d (at interaction: %s), stuck %d, still playing %d", arrivedSinceReset, finished,
        finished == 0 ? 0.0 : (double) actionsOfFinished / finished, failed, failedAt, stuck, playing.size());
  }

  /** Where a member's last interaction stands. */
  enum Outcome { WAITING, ANSWERED, FAILED }

  /**
   * Whether the member's last interaction was answered and the screen it caused can be read; on
   * {@link Outcome#ANSWERED} also sets {@link Member#answeredNanos} to when that screen reached the member.
   */
  abstract Outcome outcome(Member member);

  /** The member's first interaction: opens the challenge. */
  abstract Sample open(Member member);

  /**
   * The member's next interaction, or null when their challenge is over (then, on ours, the last sample's kind
   * becomes {@link Sample.Kind#FINISH}).
   */
  abstract @Nullable Sample next(Member member);
}
