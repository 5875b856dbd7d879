package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

final class LogDefaultsTest {

  @Test
  void writesReadableLinesToStandardError_andQuietsPoolAndMigrations() {
    LoggerContext context = new LoggerContext();
    LogDefaults defaults = new LogDefaults(() -> false);
    defaults.setContext(context);

    assertThat(defaults.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var appender = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(LogDefaults.PATTERN);
    assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
    context.stop();
  }

  @Test
  void stepsAsideForAnOperatorsOwnFile() {
    LoggerContext context = new LoggerContext();
    LogDefaults defaults = new LogDefaults();
    defaults.setContext(context);
    System.setProperty("logback.configurationFile", "/etc/warmup-bot/logback.xml");
    try {
      assertThat(defaults.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
    context.stop();
  }

  @Test
  void rootLevelComesFromTheEnvironment_infoWhenUnsetOrUnknown() {
    assertThat(LogDefaults.rootLevel("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogDefaults.rootLevel(" WARN ")).isEqualTo(Level.WARN);
    assertThat(LogDefaults.rootLevel(null)).isEqualTo(Level.INFO);
    assertThat(LogDefaults.rootLevel("")).isEqualTo(Level.INFO);
    assertThat(LogDefaults.rootLevel("loud")).isEqualTo(Level.INFO);
  }
}
