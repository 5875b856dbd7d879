package org.warmupbot.core.testing;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Holds a test store's saves while a test says (a database slow to commit): the store calls {@link #pass} before
 * each save. Thread-safe.
 */
public final class SaveHold {
  private volatile CountDownLatch held = new CountDownLatch(0);
  private final CountDownLatch reached = new CountDownLatch(1);
  private final AtomicInteger waitingNow = new AtomicInteger();

  /** From now, saves wait until {@link #release}. */
  public void hold() {
    held = new CountDownLatch(1);
  }

  public void release() {
    held.countDown();
  }

  /** Waits until a save has reached the store. */
  public void awaitHeldSave() throws InterruptedException {
    if (!reached.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no save reached the store");
    }
  }

  /** How many saves wait on the hold now. */
  public int waitingNow() {
    return waitingNow.get();
  }

  /**
   * Waits while saves are held; after 10 s throws {@link StoreUnavailableException}, as a store whose commit did
   * not come in time.
   */
  public void pass() {
    waitingNow.incrementAndGet();
    reached.countDown();
    try {
      if (!held.await(10, TimeUnit.SECONDS)) {
        throw new StoreUnavailableException("not committed in time", new IOException("held by the test"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    } finally {
      waitingNow.decrementAndGet();
    }
  }
}
