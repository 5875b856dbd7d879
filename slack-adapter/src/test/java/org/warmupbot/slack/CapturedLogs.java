package org.warmupbot.slack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects log events while open: every level of this adapter's loggers, INFO and up of everything else (Bolt,
 * the Slack client). Restores the levels on close.
 */
final class CapturedLogs implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("org.warmupbot");
  private final Level rootLevel = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  CapturedLogs() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    ours.setLevel(Level.TRACE);
  }

  List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Warnings and errors logged by this adapter. */
  List<ILoggingEvent> adapterWarnings() {
    return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
        && e.getLoggerName().startsWith("org.warmupbot.slack")).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    ours.setLevel(null);
  }
}
