package org.warmupbot.core.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.TenantSettings;

/**
 * Reads tenants' settings off the platforms' threads, so that an answer waits for them at most {@link #IN_TIME}:
 * the store caches them, but its first read of a tenant, a busy pool or a database being restarted waits on the
 * database, and the platforms give an answer 3 seconds in all. A hand-off to at most {@link #THREADS} threads with
 * no queue, so a read the store answers from its cache never waits behind reads stuck on the database.
 * Thread-safe.
 */
public final class SettingsReads implements AutoCloseable {
  /** How long an answer waits for the settings: half of the platforms' 3 seconds, the rest for the answer. */
  public static final Duration IN_TIME = Duration.ofMillis(1500);
  static final int THREADS = 16;

  private final ResultStore store;
  private final ThreadPoolExecutor pool;

  /** @param threadName the name of the reading threads (daemons), a number after it */
  public SettingsReads(ResultStore store, String threadName) {
    this.store = store;
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(2, THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
      Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * The tenant's settings, being read on this reader's threads; empty when every one of them waits on the store
   * (the caller then reads elsewhere or says to try again). Once closed, read on the caller's thread.
   */
  public Optional<CompletableFuture<TenantSettings>> read(Tenant tenant) {
    try {
      return Optional.of(CompletableFuture.supplyAsync(() -> store.settings(tenant), pool));
    } catch (RejectedExecutionException e) {
      if (!pool.isShutdown()) {
        return Optional.empty();
      }
      CompletableFuture<TenantSettings> read = new CompletableFuture<>();
      try {
        read.complete(store.settings(tenant));
      } catch (RuntimeException failure) {
        read.completeExceptionally(failure);
      }
      return Optional.of(read);
    }
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
