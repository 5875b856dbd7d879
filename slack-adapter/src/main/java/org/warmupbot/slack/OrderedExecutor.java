package org.warmupbot.slack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in submission order per key on a fixed number of single-thread stripes, the stripe chosen by the
 * key's hash: two tasks with equal keys never overlap and never overtake each other, while keys on other stripes
 * go on in parallel. A slow task holds up only the keys that share its stripe. The Slack adapter keys its Web API
 * calls by member, so one member's modal updates reach Slack in the order of their presses.
 *
 * <p>{@link #executeLatest} sheds work nobody needs: a task that makes an earlier one pointless (a modal update
 * that writes the whole newest screen) replaces its key's last queued task when that one is of the same slot and
 * has not started. It never reorders anything: the earlier task is dropped only while it is the key's last, so
 * the replacement runs exactly where a plain {@link #execute} would have queued it. Any other task of the key
 * queued in between (a modal opening, an announcement) therefore keeps both, in order.
 *
 * <p>Thread-safe. Each stripe's thread is a daemon named {@code <name>-N}, started when the stripe is first used.
 * A task that throws is logged and does not stop its stripe. {@link #close} lets every queued task run (for at
 * most its grace period), then stops the threads; a task handed in after that is dropped and logged.
 */
final class OrderedExecutor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrderedExecutor.class);

  private final String name;
  private final ThreadPoolExecutor[] stripes;
  private final Duration grace;
  // Tasks accepted and not yet finished. Counted without a lock so tasks of different stripes do not meet on one
  // monitor; idle is taken only to wake awaitIdle once the count reaches 0.
  private final AtomicInteger pending = new AtomicInteger();
  private final Object idle = new Object();
  // Each key's last queued task while it waits; a task leaves when it starts. Guarded per key by compute.
  private final ConcurrentHashMap<Object, Queued> tails = new ConcurrentHashMap<>();
  private final LongAdder replaced = new LongAdder();
  private volatile boolean closed;

  /**
   * A task that may stand for earlier ones of its key and slot that it replaced before they started (see {@link
   * #executeLatest}).
   */
  @FunctionalInterface
  interface Latest {
    /** @param replaced how many queued tasks this one replaced (0 when it replaced none) */
    void run(int replaced);
  }

  /** A task waiting on its stripe; its body may be swapped until it starts. */
  private static final class Queued {
    final @Nullable Object slot; // null: a plain task, never replaced
    Latest task; // guarded by tails.compute for the key
    int replaced; // guarded likewise
    boolean started; // guarded likewise

    Queued(@Nullable Object slot, Latest task) {
      this.slot = slot;
      this.task = task;
    }
  }

  /**
   * @param name the threads' name prefix
   * @param stripes how many tasks may run at once (each stripe runs one at a time)
   * @param grace how long {@link #close} waits for queued tasks before it interrupts them
   */
  OrderedExecutor(String name, int stripes, Duration grace) {
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be at least 1, was " + stripes);
    }
    this.name = name;
    this.grace = grace;
    this.stripes = new ThreadPoolExecutor[stripes];
    for (int i = 0; i < stripes; i++) {
      String threadName = name + "-" + (i + 1);
      this.stripes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread thread = new Thread(r, threadName);
        thread.setDaemon(true);
        return thread;
      });
    }
  }

  /**
   * Queues {@code task} behind every earlier task of an equal {@code key}.
   *
   * @return false when the executor is closed and the task was dropped
   */
  boolean execute(Object key, Runnable task) {
    return enqueue(key, null, replaced -> task.run());
  }

  /**
   * Queues {@code task} behind every earlier task of an equal {@code key}, or, when the key's last queued task is
   * of an equal {@code slot} and has not started, puts {@code task} in its place: that earlier task never runs.
   * The caller promises that running {@code task} alone leaves things as running both would (each writes the
   * whole of what the slot stands for).
   *
   * @return false when the executor is closed and the task was dropped
   */
  boolean executeLatest(Object key, Object slot, Latest task) {
    return enqueue(key, slot, task);
  }

  /** How many tasks {@link #executeLatest} replaced before they ran, since this executor was made. */
  long replaced() {
    return replaced.sum();
  }

  private boolean enqueue(Object key, @Nullable Object slot, Latest task) {
    if (closed) {
      log.info("Dropped a task of {}: it is shut down", name);
      return false;
    }
    boolean[] swapped = {false};
    pending.incrementAndGet();
    try {
      // Submitting inside compute keeps one key's tasks in the order their compute calls ran.
      tails.compute(key, (k, tail) -> {
        if (slot != null && tail != null && !tail.started && slot.equals(tail.slot)) {
          tail.task = task;
          tail.replaced++;
          swapped[0] = true;
          return tail;
        }
        Queued queued = new Queued(slot, task);
        stripes[stripe(key)].execute(() -> run(key, queued));
        return queued;
      });
    } catch (RejectedExecutionException e) {
      finished(1);
      log.info("Dropped a task of {}: it is shut down", name);
      return false;
    }
    if (swapped[0]) {
      replaced.increment();
      finished(1); // the replaced task will not run; the one in its place was counted when it was queued
    }
    return true;
  }

  private void run(Object key, Queued queued) {
    Latest[] task = new Latest[1];
    int[] count = new int[1];
    tails.compute(key, (k, tail) -> {
      queued.started = true;
      task[0] = queued.task;
      count[0] = queued.replaced;
      return tail == queued ? null : tail;
    });
    try {
      task[0].run(count[0]);
    } catch (RuntimeException e) {
      log.warn("A task of {} failed: {}", name, e.toString(), e);
    } finally {
      finished(1);
    }
  }

  /** The stripe of {@code key}; equal keys always share one. */
  int stripe(Object key) {
    int h = key.hashCode();
    return Math.floorMod(h ^ (h >>> 16), stripes.length);
  }

  /**
   * Waits until every task accepted so far has finished (tests use it to see the effects of an acknowledged
   * request).
   *
   * @return false when {@code timeout} passed first
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending.get() > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /**
   * Takes no more tasks, runs the queued ones (each stripe in order), and waits for the threads to end; after the
   * grace period the remaining tasks are interrupted and dropped, and their number logged. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (ThreadPoolExecutor stripe : stripes) {
      stripe.shutdown();
    }
    long end = System.nanoTime() + grace.toNanos();
    boolean interrupted = false;
    for (ThreadPoolExecutor stripe : stripes) {
      try {
        stripe.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    int dropped = 0;
    for (ThreadPoolExecutor stripe : stripes) {
      if (!stripe.isTerminated()) {
        List<Runnable> left = stripe.shutdownNow();
        dropped += left.size();
        try {
          stripe.awaitTermination(1, TimeUnit.SECONDS); // the interrupted task's blocking call ends
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (dropped > 0) {
      finished(dropped);
      log.warn("{}: {} queued tasks were dropped at shutdown after waiting {}", name, dropped, grace);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void finished(int count) {
    if (pending.addAndGet(-count) <= 0) {
      synchronized (idle) { // awaitIdle reads the count under this lock, so it cannot miss the wake-up
        idle.notifyAll();
      }
    }
  }
}
