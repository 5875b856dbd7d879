package org.warmupbot.load;

import org.jspecify.annotations.Nullable;

/**
 * The harness's hold on a stack under test, wherever it runs: in this process ({@link #inProcess}) or in a child
 * JVM ({@link ChildStack}). Called by the phase's scheduler thread only.
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

  /** The stack's own figures since the last call, one line; may be empty. */
  String stats();

  /** WARN/ERROR lines the stack logged that this process's {@link WarnCounter} did not see (0 in-process). */
  default long warnings() {
    return 0;
  }

  @Override
  void close();

  /** Builds every stack in this process, as the harness always did. */
  static Launcher inProcess() {
    return spec -> {
      Stacks.Built built = Stacks.build(spec);
      return new StackHandle() {
        @Override
        public int port() {
          return built.port();
        }

        @Override
        public String stats() {
          return built.stats();
        }

        @Override
        public void close() {
          built.close();
        }
      };
    };
  }
}
