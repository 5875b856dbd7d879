package org.warmupbot.slack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in submission order per key on a fixed number of single-thread stripes, the stripe chosen by the
 * key's hash: two tasks with equal keys never overlap and never overtake each other, while keys on other stripes
 * go on in parallel. A slow task holds up only the keys that share its stripe. The Slack adapter keys its Web API
 * calls by member, so one member's modal updates reach Slack in the order of their presses.
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
  private final Object idle = new Object();
  private int pending; // guarded by idle: tasks accepted and not yet finished

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
    synchronized (idle) {
      pending++;
    }
    try {
      stripes[stripe(key)].execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("A task of {} failed: {}", name, e.toString(), e);
        } finally {
          finished(1);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      finished(1);
      log.info("Dropped a task of {}: it is shut down", name);
      return false;
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
      while (pending > 0) {
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
    synchronized (idle) {
      pending -= count;
      if (pending <= 0) {
        idle.notifyAll();
      }
    }
  }
}
