package org.warmupbot.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Counts the collector's pauses of this process and keeps the longest since {@link #reset}, from the JVM's
 * garbage-collection notifications: G1's young, mixed and full collections, each a pause as a whole (its
 * remark and cleanup pauses are not notified; a JFR recording's {@code jdk.GCPhasePause} has them).
 * Thread-safe: the notifications come on a JVM service thread.
 */
final class GcPauses {
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong totalMillis = new AtomicLong();
  private final LongAccumulator maxMillis = new LongAccumulator(Math::max, 0);

  /** Counts only what {@link #paused} is told; {@link #install} also listens to this JVM's collector. */
  GcPauses() {}

  static GcPauses install() {
    GcPauses pauses = new GcPauses();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            pauses.paused(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo().getDuration());
          }
        }, null, null);
      }
    }
    return pauses;
  }

  void paused(long millis) {
    count.incrementAndGet();
    totalMillis.addAndGet(millis);
    maxMillis.accumulate(millis);
  }

  void reset() {
    count.set(0);
    totalMillis.set(0);
    maxMillis.reset();
  }

  /** E.g. "41 / 380 / 31": pauses, their total and the longest, in milliseconds. */
  String summary() {
    return snapshot().summary();
  }

  /** The pauses since {@link #reset}, as figures (for another process to report). */
  StackProtocol.Pauses snapshot() {
    return new StackProtocol.Pauses(count.get(), totalMillis.get(), maxMillis.get());
  }
}
