package org.warmupbot.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A stack under test in a child JVM ({@link StackMain}), started with this JVM's {@code java}, class path and
 * memory/GC flags, so that the stack does not share CPU time, heap and collector with the fakes and the load
 * generator. Its stderr is appended to a log file; {@link #close} closes its stdin (the child stops its stack
 * and exits) and awaits the exit, destroying it if it does not come. Scheduler thread only; a daemon thread
 * reads the child's stdout.
 */
final class ChildStack implements StackHandle {
  static final String NODELAY = "-Dsun.net.httpserver.nodelay=true";
  private static final long READY_SECONDS = 60;
  private static final long ANSWER_SECONDS = 10;
  /** The reader's mark for the end of the child's stdout. */
  private static final String EOF = "\u0000eof";

  private final String label;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path log;
  private final int port;
  /** Those of the last STATS answer ({@link StackHandle#warnings}). */
  private long warnings;

  /** Starts {@code command}, which speaks {@link StackProtocol}, and awaits its READY; destroys it if none comes. */
  ChildStack(StackSpec spec, List<String> command, Path log) {
    this.label = spec.label();
    this.log = log;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException(label + ": could not start a child JVM: " + command, e);
    }
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, "load-child-stdout");
    reader.setDaemon(true);
    reader.start();
    Integer ready = await(StackProtocol::parseReady, p -> p >= 0, READY_SECONDS);
    if (ready == null) {
      destroy();
      throw new IllegalStateException(label + ": the child JVM did not say READY within " + READY_SECONDS
          + " s (exit " + (process.isAlive() ? "-" : process.exitValue()) + "); see " + log);
    }
    port = ready;
  }

  /**
   * Starts each stack in a child JVM with this JVM's flags ({@link #childJvmArgs}) plus {@code extraJvmArgs}, its
   * stderr in {@code logs(spec)}; with {@code cpus} (a {@code taskset -c} list) only on those CPUs.
   */
  static Launcher launcher(List<String> extraJvmArgs, @Nullable String cpus, Function<StackSpec, Path> logs) {
    List<String> jvm = childJvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments(), extraJvmArgs);
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath = System.getProperty("java.class.path");
    return spec -> {
      List<String> command = new ArrayList<>();
      if (cpus != null) {
        command.addAll(List.of("taskset", "-c", cpus)); // Linux only; the parent pins itself likewise, by hand
      }
      command.add(java);
      command.addAll(jvm);
      command.add("-cp");
      command.add(classPath);
      command.add(StackMain.class.getName());
      command.addAll(spec.toArgs());
      return new ChildStack(spec, command, logs.apply(spec));
    };
  }

  /**
   * The flags a child JVM gets: this JVM's heap, stack, GC and {@code -D} flags (not agents, debuggers or a
   * flight recording, whose files would clash; nor this JVM's choice of collector when the extra flags choose
   * one, so the harness can run ZGC while the stack keeps production's G1), always Nagle off on the JDK HTTP
   * server, then the extra ones.
   */
  static List<String> childJvmArgs(List<String> parentArgs, List<String> extra) {
    boolean ownCollector = extra.stream().anyMatch(ChildStack::choosesCollector);
    List<String> args = new ArrayList<>();
    for (String arg : parentArgs) {
      boolean recording = arg.contains("FlightRecord");
      if ((arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-XX:") || arg.startsWith("-D"))
          && !recording && !(ownCollector && choosesCollector(arg))) {
        args.add(arg);
      }
    }
    if (!args.contains(NODELAY)) {
      args.add(NODELAY);
    }
    args.addAll(extra);
    return args;
  }

  private static boolean choosesCollector(String arg) {
    return arg.matches("-XX:[+-]Use[A-Za-z0-9]*GC");
  }

  private void readAnswers() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child went away: the EOF below says so
    }
    lines.add(EOF);
  }

  /** The first answer {@code parse} accepts within the bound, skipping others; null at EOF or the deadline. */
  private <T> @Nullable T await(Function<String, @Nullable T> parse, Predicate<T> accept,
      long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        String line = lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
          if (line != null) {
            lines.add(EOF); // later calls see the end too
          }
          return null;
        }
        T answer = parse.apply(line);
        if (answer != null && accept.test(answer)) {
          return answer;
        }
        System.err.println(label + " child said: " + line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private void send(String command) {
    try {
      stdin.write(command);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      System.err.println(label + ": could not tell the child JVM '" + command + "': " + e + "; see " + log);
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void windowStarted() {
    send(StackProtocol.WINDOW_START);
  }

  @Override
  public StackProtocol.@Nullable Window windowEnded() {
    send(StackProtocol.WINDOW_END);
    StackProtocol.Window window = await(StackProtocol::parseWindow, w -> true, ANSWER_SECONDS);
    if (window == null) {
      System.err.println(label + ": no GC pauses from the child JVM; see " + log);
    }
    return window;
  }

  @Override
  public String stats() {
    send(StackProtocol.STATS);
    StackProtocol.Stats stats = await(StackProtocol::parseStats, s -> true, ANSWER_SECONDS);
    if (stats == null) {
      warnings = 0; // not the last answer's again: those were counted
      return "no figures from the child JVM (see " + log + ")";
    }
    warnings = stats.warnings();
    return stats.text();
  }

  @Override
  public long warnings() {
    return warnings;
  }

  /** Closes the child's stdin and awaits its exit (20 s), then destroys it (5 s), then kills it. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone: the wait below returns at once
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        System.err.println(label + ": the child JVM did not stop within 20 s of its stdin closing; destroying it");
        destroy();
      } else if (process.exitValue() != 0) {
        System.err.println(label + ": the child JVM exited with " + process.exitValue() + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy();
    }
  }

  private void destroy() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Counts children so each phase's log has its own name. */
  static Function<StackSpec, Path> numberedLogs(Path dir) {
    AtomicInteger n = new AtomicInteger();
    return spec -> dir.resolve(String.format(Locale.ROOT, "stack-%02d-%s.log", n.incrementAndGet(),
        spec.label().replace(' ', '-')));
  }
}
