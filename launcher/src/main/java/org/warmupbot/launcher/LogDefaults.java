package org.warmupbot.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The bot's log set-up in code, found by logback through {@code META-INF/services}: readable lines on standard
 * error (standard output belongs to the commands: terminal play, validate), Hikari and Flyway at WARN, the root
 * level from {@code WARMUP_LOG_LEVEL} (INFO by default). Written in code rather than as a {@code logback.xml}
 * because parsing XML configuration loads some 400 classes, a tenth of the bot's start-up.
 *
 * <p>An operator's own file still wins: with {@code -Dlogback.configurationFile=...} set, or a {@code
 * logback.xml} or {@code logback-test.xml} (tests) on the class path, this steps aside and logback reads the file
 * as usual. The level may also be given as {@code -DWARMUP_LOG_LEVEL=...}, which wins over the environment.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogDefaults extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  private final BooleanSupplier operatorFileGiven;

  /** As logback's service loader makes it. */
  public LogDefaults() {
    this(() -> System.getProperty("logback.configurationFile") != null
        || LogDefaults.class.getClassLoader().getResource("logback.xml") != null
        || LogDefaults.class.getClassLoader().getResource("logback-test.xml") != null);
  }

  LogDefaults(BooleanSupplier operatorFileGiven) {
    this.operatorFileGiven = operatorFileGiven;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (operatorFileGiven.getAsBoolean()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String level = System.getProperty("WARMUP_LOG_LEVEL");
    root.setLevel(rootLevel(level != null ? level : System.getenv("WARMUP_LOG_LEVEL")));
    root.addAppender(stderr);
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level named by {@code WARMUP_LOG_LEVEL}; INFO when unset or not a level name. */
  static Level rootLevel(@Nullable String named) {
    return named == null || named.isBlank() ? Level.INFO : Level.toLevel(named.strip(), Level.INFO);
  }
}
