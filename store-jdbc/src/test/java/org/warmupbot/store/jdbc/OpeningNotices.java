package org.warmupbot.store.jdbc;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.warmupbot.core.testing.CapturedLogs;

/**
 * While open, the notices of waits for another process's opening ({@link OtherProcesses#noticedWait}) run when
 * the test says the time passed, not after five seconds; their log lines are captured.
 */
final class OpeningNotices implements AutoCloseable {
  private final Executor before = OtherProcesses.OpeningNotice.timer;
  private final ConcurrentLinkedQueue<Runnable> due = new ConcurrentLinkedQueue<>();
  private final CapturedLogs logs = new CapturedLogs("org.warmupbot.store");

  OpeningNotices() {
    OtherProcesses.OpeningNotice.timer = due::add;
  }

  int pending() {
    return due.size();
  }

  /** Runs the notices timed so far, as their five seconds had passed. */
  void fiveSecondsLater() {
    for (Runnable notice = due.poll(); notice != null; notice = due.poll()) {
      notice.run();
    }
  }

  /** The wait notices logged. */
  List<String> logged() {
    return logs.events().stream().filter(event -> event.getLoggerName().equals(OtherProcesses.class.getName()))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    OtherProcesses.OpeningNotice.timer = before;
    logs.close();
  }
}
