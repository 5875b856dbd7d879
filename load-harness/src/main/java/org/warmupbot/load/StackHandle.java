package org.warmupbot.load;

import org.jspecify.annotations.Nullable;

/**
 * A running stack under test, wherever it runs: built in this process ({@link Stacks#build}, which is also what
 * {@link StackMain} holds in a child JVM), or the harness's hold on one in a child JVM ({@link ChildStack}).
 * Called by one thread at a time (the phase's scheduler thread; in a child JVM, its main thread); {@link #close}
 * once.
 */
interface StackHandle extends AutoCloseable {
  /** Starts a stack for a spec; how (in this process or a child JVM) is the launcher's business. */
  @FunctionalInterface
  interface Launcher {
    StackHandle start(StackSpec spec);
  }

  /** The port of the Slack endpoint the deliveries go to; 0 on Discord. */
  int port();

  /** The measured window begins (the child forgets its GC pauses). */
  default void windowStarted() {}

  /**
   * The stack's own GC pauses and CPU time in the window, or null when it runs in this process (whose figures
   * include them).
   */
  default StackProtocol.@Nullable Window windowEnded() {
    return null;
  }

  /** The stack's own figures since the last call (snapshot writes, shed view calls), one line; may be empty. */
  String stats();

  /**
   * WARN/ERROR lines the stack logged that this process's {@link WarnCounter} did not see, between the last
   * {@link #stats} call and the one before it (for the first call: since the stack was ready), so that the
   * figure of each call belongs to one phase only; 0 before the first call, and always 0 in this process.
   */
  default long warnings() {
    return 0;
  }

  @Override
  void close();

  /** Builds every stack in this process, as the harness always did. */
  static Launcher inProcess() {
    return Stacks::build;
  }
}
