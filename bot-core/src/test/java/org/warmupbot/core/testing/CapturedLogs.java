package org.warmupbot.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects log events while open: every level of the project's loggers, INFO and up of everything else (the
 * platform libraries). Restores the levels on close. Needs logback on the test classpath.
 */
public final class CapturedLogs implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("org.warmupbot");
  private final Level rootLevel = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final String module;

  /** @param module the logger-name prefix whose warnings {@link #moduleWarnings()} returns */
  public CapturedLogs(String module) {
    this.module = module;
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    ours.setLevel(Level.TRACE);
  }

  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Warnings and errors logged under the module's prefix. */
  public List<ILoggingEvent> moduleWarnings() {
    return events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().startsWith(module))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
    ours.setLevel(null);
  }
}
