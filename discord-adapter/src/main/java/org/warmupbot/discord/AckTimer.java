package org.warmupbot.discord;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.AckObserver;

/**
 * Times interactions for the {@link AckObserver}: from the moment JDA hands one to our listener to the success
 * callback of the reply, defer, edit, modal or autocomplete answer that acknowledged it.
 *
 * <p>Why not from the interaction's creation time (its snowflake)? That instant is on Discord's clock and the
 * latency would be measured on ours: a few hundred milliseconds of skew would show up as latency, or as a
 * negative one. The monotonic clock from arrival is reliable; it leaves out the gateway's transit, which is what
 * we cannot change anyway. Thread-safe.
 */
final class AckTimer {
  private static final Logger log = LoggerFactory.getLogger(AckTimer.class);

  private final AckObserver observer;
  private final LongSupplier nanoTime;

  AckTimer(AckObserver observer) {
    this(observer, System::nanoTime);
  }

  /** @param nanoTime the monotonic clock read at arrival and at acknowledgement ({@link System#nanoTime}) */
  AckTimer(AckObserver observer, LongSupplier nanoTime) {
    this.observer = observer;
    this.nanoTime = nanoTime;
  }

  /**
   * Starts timing an interaction that has just arrived: call first thing in the event handler.
   *
   * @return the success callback to hand to the request that acknowledges the interaction; reports once per call
   *     of that callback, which JDA makes at most once
   */
  Consumer<Object> arrived() {
    long arrived = nanoTime.getAsLong();
    return ignored -> report(Duration.ofNanos(nanoTime.getAsLong() - arrived));
  }

  private void report(Duration latency) {
    try {
      observer.acknowledged(Platform.DISCORD, latency);
    } catch (RuntimeException e) {
      // The port says observers do not throw; one that does must not look like a refused response.
      log.warn("The acknowledgement observer failed: {}", e.toString());
    }
  }
}
