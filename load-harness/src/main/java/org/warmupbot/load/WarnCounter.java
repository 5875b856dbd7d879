package org.warmupbot.load;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * Counts warnings and errors logged anywhere in the process (a refused response, a failed write): each is
 * trouble a member may have seen even when the acknowledgement itself arrived. Thread-safe.
 */
final class WarnCounter extends AppenderBase<ILoggingEvent> {
  private static final LongAdder COUNT = new LongAdder();

  static void install() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    WarnCounter counter = new WarnCounter();
    counter.setContext(context);
    counter.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(counter);
  }

  static long count() {
    return COUNT.sum();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      COUNT.increment();
    }
  }
}
