package org.warmupbot.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Group commit for {@code save}: callers queue their run and wait; one writer thread takes every run waiting
 * (up to {@link #MAX_GROUP}) and writes them in one transaction, so one commit (one fsync under SQLite's
 * {@code synchronous=FULL}) serves the whole group. A caller returns once its run is committed, so the promise of
 * {@code save} (acknowledged means durable) is unchanged; what changes is that concurrent saves share a commit
 * instead of queueing on the database's write lock. A caller waits at most {@code longestWait}: a member's screen
 * waits on the save, and a platform gives it 3 s. Past that it gets a {@link StoreUnavailableException} (the
 * caller keeps the run to save again) while the run stays queued and is written when the database answers; a run
 * saved twice is kept once.
 *
 * <p>A failed group is written again one run to a transaction, so a run that cannot be kept fails alone and the
 * others in its group are still kept. {@link #close} writes what is queued, then stops the writer; saves after
 * it throw {@link StoreUnavailableException}.
 */
final class GroupCommit implements AutoCloseable {

  /** Bounds a transaction's size (and a caller's wait behind others) when saves arrive faster than commits. */
  static final int MAX_GROUP = 256;

  /** Writes runs in one transaction; throws when the transaction fails (it is then rolled back). */
  @FunctionalInterface
  interface GroupWriter {
    void write(List<FinishedRun> runs);
  }

  private record Queued(@Nullable FinishedRun run, CompletableFuture<Void> done) {}

  private static final Queued STOP = new Queued(null, new CompletableFuture<>());

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private final Object lock = new Object();
  private final GroupWriter writer;
  private final Consumer<FinishedRun> single;
  private final Runnable afterGroup;
  private final String where;
  private final Thread thread;
  private final long longestWaitNanos;
  private boolean closed; // guarded by lock: no run is queued behind STOP
  private volatile boolean stopping; // closed, read without the lock by the writer (no upkeep once closing)
  private volatile int writing; // runs in the group being written; for tests
  private volatile int retried; // groups that failed whole and were written again run by run; for tests

  /**
   * @param writer writes a group in one transaction
   * @param single writes one run in its own transaction (the retry of a failed group, run by run)
   * @param longestWait how long a caller waits for its commit
   */
  GroupCommit(String where, GroupWriter writer, Consumer<FinishedRun> single, Duration longestWait) {
    this(where, writer, single, longestWait, () -> {});
  }

  /**
   * @param afterGroup run by the writer thread after each group, once its callers were released (whether it was
   *     kept or not), but not after the last group before a close: upkeep that must not delay them; the runs
   *     queued meanwhile wait for it, so it must be short; what it throws is logged
   */
  GroupCommit(
      String where, GroupWriter writer, Consumer<FinishedRun> single, Duration longestWait, Runnable afterGroup) {
    this.where = where;
    this.afterGroup = afterGroup;
    this.longestWaitNanos = longestWait.toNanos();
    this.writer = writer;
    this.single = single;
    this.thread = new Thread(this::writeLoop, "warmup-store-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues the run and waits until it is committed; rethrows what the write threw. Not interruptible.
   *
   * @throws StoreUnavailableException also when the run was not committed within the longest wait (it stays queued)
   */
  void save(FinishedRun run) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        throw new StoreUnavailableException(
            "store " + where + ": could not save run " + run.runId() + ": the store is closed",
            new IllegalStateException("closed"));
      }
      queue.add(new Queued(run, done));
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + longestWaitNanos;
    try {
      while (true) {
        try {
          done.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          return;
        } catch (TimeoutException e) {
          throw new StoreUnavailableException("store " + where + ": run " + run.runId() + " was not committed within "
              + TimeUnit.NANOSECONDS.toMillis(longestWaitNanos) + " ms (the database is slow or not answering); it "
              + "stays queued and is written when the database answers", e);
        } catch (InterruptedException e) {
          // The run may be committing right now: the caller must learn how it ended, so keep waiting.
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException failure) {
            throw failure;
          }
          throw new StoreUnavailableException("store " + where + ": could not save run " + run.runId(), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void writeLoop() {
    List<Queued> group = new ArrayList<>(MAX_GROUP);
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close stops the writer, through STOP, so nothing queued is left waiting
      }
      queue.drainTo(group, MAX_GROUP - 1);
      boolean stop = group.remove(STOP); // the last one: nothing is queued behind it
      if (!group.isEmpty()) {
        writing = group.size();
        write(group);
        writing = 0;
        if (!stop && !stopping) { // closing: the time left is for the queued runs, not for upkeep
          try {
            afterGroup.run();
          } catch (RuntimeException e) {
            LOG.warn("store {}: the writer's upkeep after a group failed", where, e);
          }
        }
      }
      group.clear();
      if (stop) {
        return;
      }
    }
  }

  private void write(List<Queued> group) {
    if (group.size() > 1) {
      List<FinishedRun> runs = new ArrayList<>(group.size());
      for (Queued queued : group) {
        runs.add(queued.run());
      }
      try {
        writer.write(runs);
        group.forEach(queued -> queued.done().complete(null));
        return;
      } catch (RuntimeException | Error e) {
        // Fall through: one run to a transaction, so only the run at fault fails. Logged, so a failure that the
        // retry then hides (e.g. a connection lost once) still leaves a trace.
        retried++; // only the writer thread writes it
        LOG.warn(
            "store {}: a group of {} runs failed ({}); writing them again one by one", where, runs.size(),
            String.valueOf(e.getMessage()));
        LOG.debug("store {}: the group's failure", where, e);
      }
    }
    for (Queued queued : group) {
      try {
        single.accept(queued.run());
        queued.done().complete(null);
      } catch (RuntimeException | Error e) {
        queued.done().completeExceptionally(e);
      }
    }
  }

  /** Runs waiting for the writer; for tests. */
  int queued() {
    return queue.size();
  }

  /** Groups that failed whole and were written again one run at a time; for tests. */
  int retriedGroups() {
    return retried;
  }

  /** Runs in the group the writer is writing now, 0 when idle; for tests. */
  int writing() {
    return writing;
  }

  /**
   * Writes what is queued, then stops the writer; saves after this throw {@link StoreUnavailableException}. Waits
   * for the writer at most the longest wait (a shutdown must not hang on a database that stopped answering); the
   * runs it could not confirm by then are logged by id, and the writer is left to end with the process.
   *
   * @return whether the writer stopped (only then may its connection be closed)
   */
  boolean stop() {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        stopping = true;
        queue.add(STOP);
      }
    }
    long deadline = System.nanoTime() + longestWaitNanos;
    boolean interrupted = false;
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      List<String> unconfirmed = new ArrayList<>();
      queue.forEach(queued -> {
        if (queued.run() != null) {
          unconfirmed.add(queued.run().runId());
        }
      });
      LOG.error("store {}: the database did not finish writing within {} ms of closing; {} run(s) being written and "
          + "these {} still queued are not confirmed: {}", where, TimeUnit.NANOSECONDS.toMillis(longestWaitNanos),
          writing, unconfirmed.size(), unconfirmed);
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    stop();
  }
}
