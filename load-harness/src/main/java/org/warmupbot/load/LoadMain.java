package org.warmupbot.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Open-loop load through the real stacks. For each platform and each rate: a phase on Warmup Bot ("ours"), then
 * the same phase on the same library with handlers that only acknowledge ("ack-only"); each phase is a warmup
 * (not measured) then the measured window, then a 3.5 s drain (Discord refuses a callback after 3 s, so
 * anything later is an error anyway), then a wait (at most 30 s) until the process is idle again, so a stack
 * working off an overload does not slow the next phase, then a kept Discord driver's fake forgets the phase's
 * messages and interactions ({@link Driver#forgetPhase}; the fake Slack keeps no log under load) and this process
 * runs a full GC, so that every phase starts on the same live heap rather than on the garbage and the kept
 * messages of the ones before. New members arrive at
 * fixed times (rate / interactions per run, per second) whatever the latency, and each acts {@code think-ms}
 * after their last interaction was answered ({@link MemberDriver}), so about rate interactions per second are
 * sent once the first members are through a run (about interactions per run x think: keep the warmup longer).
 * The p50/p99/max are of interaction-to-acknowledgement times of the measured window, overall and per kind of
 * interaction.
 *
 * <pre>
 * java -cp load-harness/target/load-harness.jar org.warmupbot.load.LoadMain \
 *     [--platforms discord,slack] [--rates 100,500,2000] [--warmup 15] [--duration 20] [--think-ms 1000] \
 *     [--packs config/challenges] [--snapshots on|off] [--out load-results.md] \
 *     [--split off|on] [--child-per phase|stack] [--child-jvm-args "-Xmx1g ..."] [--child-logs dir] \
 *     [--child-cpus 1]
 * </pre>
 *
 * {@code --split on} runs each phase's stack under test (ours or ack-only: JDA/Bolt and the bot or the
 * acknowledging handlers) in a child JVM of its own ({@link ChildStack}, {@link StackMain}), started for the
 * phase and stopped after it, so the fake platform and the load generator, which stay in this process and time
 * the acknowledgements as before, no longer share its CPU time, heap and collector: on the real platforms that
 * work runs on Discord's or Slack's servers. The child gets this JVM's memory, GC and {@code -D} flags plus
 * {@code --child-jvm-args}; its stderr goes to {@code --child-logs} (default: the platform's temporary directory,
 * named in the report). GC pauses are then shown for both: the stack's, then this process's. Default off: the
 * stacks are built in this process, as before. {@code --child-per stack} keeps one child JVM (and one fake) per
 * stack for all rates instead, as the in-process mode keeps one stack: the 500/s phase then runs on a JVM the
 * 100/s phase warmed up. {@code --child-cpus 1} starts the child under {@code taskset -c 1} (Linux); start the
 * harness itself under {@code taskset -c 0} so that neither process's threads (its collector's included) take
 * the other's CPU.
 *
 * Run the JVM with {@code -Dsun.net.httpserver.nodelay=true}: it turns Nagle off on the JDK HTTP servers (the
 * fake Slack API's and the bot's endpoint), as the launcher does for the bot; the fake Discord gateway has it off
 * already.
 *
 * {@code --snapshots off} leaves out the 10-second session snapshot chore (production runs it); only to measure
 * what it costs. Bounded: (warmup + duration + 3.5 s) x 2 stacks x rates x platforms, plus start-up; loopback only.
 */
public final class LoadMain {
  private static final long DRAIN_MILLIS = 3_500;

  private LoadMain() {}

  /** One measured phase. */
  record Phase(String stack, int rate, double arrivalsPerSecond, Stats stats, List<KindRow> kinds, long warnings,
      long refusals, String loadBefore, String loadAfter, String gcPauses, String members) {}

  /** One kind of interaction in a phase: its figures, and how many of the phase's slowest 1% it had. */
  record KindRow(Sample.Kind kind, Stats stats, int inSlowestPercent, double shownP50Ms, double shownP99Ms) {}

  private static final GcPauses GC = GcPauses.install();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<String> platforms = List.of(options.getOrDefault("platforms", "discord,slack").split(","));
    List<Integer> rates = new ArrayList<>();
    for (String rate : options.getOrDefault("rates", "100,500,2000").split(",")) {
      rates.add(Integer.parseInt(rate.trim()));
    }
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "15"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "20"));
    long think = Long.parseLong(options.getOrDefault("think-ms", "1000"));
    Path packs = Path.of(options.getOrDefault("packs", "config/challenges"));
    boolean snapshots = !"off".equals(options.getOrDefault("snapshots", "on"));
    Path out = options.containsKey("out") ? Path.of(options.get("out")) : null;
    String splitOption = options.getOrDefault("split", "off");
    if (!splitOption.equals("on") && !splitOption.equals("off")) {
      throw new IllegalArgumentException("--split on|off, not " + splitOption);
    }
    boolean split = splitOption.equals("on");
    String childPer = options.getOrDefault("child-per", "phase");
    if (!childPer.equals("phase") && !childPer.equals("stack")) {
      throw new IllegalArgumentException("--child-per phase|stack, not " + childPer);
    }
    List<String> childJvmArgs = options.containsKey("child-jvm-args")
        ? List.of(options.get("child-jvm-args").trim().split("\\s+")) : List.of();
    Path childLogs = options.containsKey("child-logs") ? Path.of(options.get("child-logs")) : null;
    if (childLogs != null) {
      Files.createDirectories(childLogs);
    }
    WarnCounter.install();

    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "Load run: rates %s/s, warmup %d s, measured %d s, think %d ms; "
        + "session snapshots %s; httpserver nodelay %s; nproc %d; java %s; %s; "
        + "loadavg at start %s%n%n", rates, warmup, duration, think, snapshots ? "on" : "off",
        System.getProperty("sun.net.httpserver.nodelay", "false"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        split ? "split: each " + childPer + "'s stack in a child JVM (CPUs " + options.getOrDefault("child-cpus", "all")
            + ", flags " + ChildStack.childJvmArgs(
            ManagementFactory.getRuntimeMXBean().getInputArguments(), childJvmArgs)
            + "), the fakes and the load generator in this one; GC pauses: the stack's; this process's"
            : "in-process: the stacks, the fakes and the load generator in one JVM", loadavg()));
    for (String platform : platforms) {
      if (!platform.equals("discord") && !platform.equals("slack")) {
        throw new IllegalArgumentException("platforms: discord and/or slack, not " + platform);
      }
      Path dir = Files.createTempDirectory("warmup-load-");
      StackHandle.Launcher launcher = split
          ? ChildStack.launcher(childJvmArgs, options.get("child-cpus"),
              ChildStack.numberedLogs(childLogs == null ? dir : childLogs))
          : StackHandle.inProcess();
      Stages stages = new Stages(platform, launcher, packs, dir.resolve("warmup.db"), think, snapshots,
          split && childPer.equals("phase"));
      List<Phase[]> pairs = new ArrayList<>();
      try {
        for (int rate : rates) {
          Phase mine = phase(stages.ours(), rate, warmup, duration, stages);
          Phase floor = phase(stages.ackOnly(), rate, warmup, duration, stages);
          pairs.add(new Phase[] {mine, floor});
        }
      } finally {
        stages.close();
      }
      if (split) {
        report.append("Child JVM logs (stderr) of ").append(platform).append(": ")
            .append(childLogs == null ? dir : childLogs).append("\n\n");
      }
      report.append(table(platform, pairs)).append('\n');
      System.out.println(table(platform, pairs));
    }
    if (out != null) {
      Files.writeString(out, report.toString());
    }
    System.out.println(report);
    System.exit(0); // JDA's and Bolt's non-daemon threads must not keep a finished run alive
  }

  /**
   * Runs one phase on the driver, and hands it back to its stages once its figures are in (which close it in
   * split mode), before waiting for quiet.
   */
  private static Phase phase(Driver driver, int rate, int warmupSeconds, int durationSeconds, Stages stages)
      throws InterruptedException {
    driver.resetMembers();
    String loadBefore = loadavg();
    long warningsBefore = WarnCounter.count();
    long refusalsBefore = driver.refusals();
    double arrivalsPerSecond = (double) rate / driver.interactionsPerRun();
    long arrivalPeriod = Math.round(TimeUnit.SECONDS.toNanos(1) / arrivalsPerSecond);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
    List<Sample> measured = new ArrayList<>(rate * durationSeconds * 11 / 10 + 16);
    Consumer<Sample> keep = sample -> {
      if (sample.sentNanos >= measureFrom) {
        measured.add(sample);
      }
    };
    int failures = 0;
    long nextArrival = start;
    boolean measuring = false;
    long cpuAtStart = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      if (!measuring && now >= measureFrom) {
        measuring = true;
        GC.reset();
        cpuAtStart = processCpuNanos();
        driver.stack().windowStarted();
      }
      try {
        if (nextArrival <= now) {
          keep.accept(driver.arrive());
        } else {
          driver.actDue(now, keep);
        }
      } catch (RuntimeException e) {
        if (nextArrival <= now) {
          keep.accept(new Sample("unsent", Sample.Kind.UNSENT, nextArrival));
        }
        if (failures++ < 3) {
          System.err.println(driver.label() + ": could not send: " + e);
        }
      }
      if (nextArrival <= now) {
        nextArrival += arrivalPeriod; // by the clock, not by how the last one went: open loop
        continue;
      }
      long wait = Math.min(Math.min(nextArrival, driver.nextDueNanos()), end) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    String gcPauses = GC.summary();
    long cpuMillis = (processCpuNanos() - cpuAtStart) / 1_000_000;
    StackProtocol.Window stackWindow = driver.stack().windowEnded();
    String cpu;
    if (stackWindow != null || stages.perPhase) {
      gcPauses = (stackWindow == null ? "n/a" : stackWindow.pauses().summary()) + "; " + gcPauses;
      cpu = String.format(Locale.ROOT, "CPU in the window: stack %s s, fakes and generator %.1f s",
          stackWindow == null ? "n/a" : String.format(Locale.ROOT, "%.1f", stackWindow.cpuMillis() / 1e3),
          cpuMillis / 1e3);
    } else {
      cpu = String.format(Locale.ROOT, "CPU in the window: %.1f s (stack, fakes and generator)", cpuMillis / 1e3);
    }
    Thread.sleep(DRAIN_MILLIS); // bounded drain; see the class comment
    driver.settle(measured);
    String members = driver.members();
    StackReport stackReport = StackReport.of(driver.stack()); // every stack: a child's warnings come with it
    if (!stackReport.text().isEmpty()) {
      members += "; " + stackReport.text();
    }
    long refused = driver.refusals() - refusalsBefore;
    printExamples(driver.examples());
    stages.done(driver); // split: the child JVM's backlog, if any, goes with it
    long quiet = quiesce();
    String forgotten = stages.forget(driver); // after the figures and the quiet: nothing of it is in flight
    String heap = collectBetweenPhases();
    Stats stats = Stats.of(measured, durationSeconds);
    Phase phase = new Phase(driver.label(), rate, arrivalsPerSecond, stats, byKind(measured, durationSeconds),
        WarnCounter.count() - warningsBefore + stackReport.warnings(), refused, loadBefore, loadavg(),
        gcPauses, members + "; " + cpu + "; p99 by third of the window " + p99ByThird(measured, measureFrom, end)
            + " ms; quiet again after " + quiet + " ms" + (forgotten.isEmpty() ? "" : "; " + forgotten) + "; "
            + heap);
    System.out.println(String.format(Locale.ROOT,
        "%-17s %5d/s: sent %6d (%.0f/s, %.1f arrivals/s) acked %6d p50 %7.2f ms p99 %7.2f ms max %8.2f ms "
            + "(incl. refused: p50 %.0f max %.0f) errors %d warnings %d refused-other %d "
            + "gc pauses/ms/longest %s load %s -> %s",
        phase.stack(), rate, stats.sent(), stats.sentPerSecond(), arrivalsPerSecond, stats.acked(), stats.p50Ms(),
        stats.p99Ms(), stats.maxMs(), stats.arrivedP50Ms(), stats.arrivedMaxMs(), stats.errors(), phase.warnings(),
        phase.refusals(), gcPauses, loadBefore, phase.loadAfter()));
    for (KindRow row : phase.kinds()) {
      Stats s = row.stats();
      System.out.println(String.format(Locale.ROOT,
          "    %-22s sent %6d p50 %7.2f p99 %7.2f max %8.2f errors %d in slowest 1%% %d; shown p50 %7.2f p99 %7.2f",
          row.kind().label, s.sent(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(), row.inSlowestPercent(),
          row.shownP50Ms(), row.shownP99Ms()));
    }
    System.out.println("  " + phase.members());
    return phase;
  }

  /**
   * What a stack said about a phase, from one {@link StackHandle#stats} call: its own figures, and the warnings
   * its child JVM logged since the call before (0 in this process, whose {@link WarnCounter} counts them).
   */
  record StackReport(String text, long warnings) {
    /** Asks the stack once; to be called once per phase, after the drain. */
    static StackReport of(StackHandle stack) {
      String text = stack.stats();
      return new StackReport(text, stack.warnings());
    }
  }

  /**
   * Where one platform's phases get their drivers: one pair for all rates, built in this process (in-process
   * mode), or a new driver with its fake and its stack's child JVM per phase (split mode), whose members go on
   * numbering where the last one's stopped. Every ours stack of the platform uses the same SQLite file. Slack's
   * ack-only members post a question modal an ours member saw, so it comes after the first ours phase.
   */
  static final class Stages implements AutoCloseable {
    final boolean perPhase;
    private final String platform;
    private final StackHandle.Launcher launcher;
    private final Path packs;
    private final Path sqliteFile;
    private final long think;
    private final boolean snapshots;
    private @Nullable Driver ours;
    private @Nullable Driver ackOnly;
    private long oursMembers;
    private long ackOnlyMembers;
    private @Nullable JsonNode sampleView;

    Stages(String platform, StackHandle.Launcher launcher, Path packs, Path sqliteFile, long think,
        boolean snapshots, boolean perPhase) {
      this.platform = platform;
      this.launcher = launcher;
      this.packs = packs;
      this.sqliteFile = sqliteFile;
      this.think = think;
      this.snapshots = snapshots;
      this.perPhase = perPhase;
    }

    Driver ours() {
      if (ours == null) {
        ours = platform.equals("discord")
            ? new DiscordLoad.Ours(packs, sqliteFile, think, snapshots, launcher, oursMembers)
            : new SlackLoad.Ours(packs, sqliteFile, think, snapshots, launcher, oursMembers);
      }
      return ours;
    }

    Driver ackOnly() {
      if (ackOnly == null) {
        if (platform.equals("discord")) {
          ackOnly = new DiscordLoad.AckOnly(think, launcher, ackOnlyMembers);
        } else {
          if (sampleView == null) {
            throw new IllegalStateException("no member reached a question on Slack: see the log above");
          }
          ackOnly = new SlackLoad.AckOnly(sampleView, think, launcher, ackOnlyMembers);
        }
      }
      return ackOnly;
    }

    /** A phase on the driver is over: keeps what the next needs, and closes it in split mode. */
    void done(Driver driver) {
      if (driver instanceof SlackLoad.Ours slack && sampleView == null) {
        sampleView = slack.sampleView();
      }
      if (!perPhase) {
        return;
      }
      if (driver == ours) {
        oursMembers = driver.membersSoFar();
        ours = null;
      } else if (driver == ackOnly) {
        ackOnlyMembers = driver.membersSoFar();
        ackOnly = null;
      }
      driver.close();
    }

    /**
     * A phase on the driver is over and quiet: unless it was closed with its fake (split mode), the driver, kept
     * for the platform's next phases, forgets this one; what it dropped, for the log.
     */
    String forget(Driver driver) {
      return perPhase ? "" : driver.forgetPhase();
    }

    @Override
    public void close() {
      try {
        if (ours != null) {
          ours.close();
        }
      } finally {
        if (ackOnly != null) {
          ackOnly.close();
        }
      }
    }
  }

  /**
   * The p99 of each third of the measured window, e.g. "31.2 / 9.8 / 10.1": whether the tail is a stack still
   * warming up (falling) or steady.
   */
  static String p99ByThird(List<Sample> measured, long fromNanos, long toNanos) {
    long third = (toNanos - fromNanos) / 3;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long lo = fromNanos + i * third;
      long hi = i == 2 ? Long.MAX_VALUE : lo + third;
      long[] sorted = measured.stream().filter(s -> s.ok() && s.sentNanos >= lo && s.sentNanos < hi)
          .mapToLong(Sample::latencyNanos).sorted().toArray();
      parts.add(String.format(Locale.ROOT, "%.1f", Stats.percentile(sorted, 0.99)));
    }
    return String.join(" / ", parts);
  }

  private static List<KindRow> byKind(List<Sample> measured, double seconds) {
    long slowest = Stats.slowestPercentFrom(measured);
    Map<Sample.Kind, List<Sample>> groups = new EnumMap<>(Sample.Kind.class);
    for (Sample sample : measured) {
      groups.computeIfAbsent(sample.kind, k -> new ArrayList<>()).add(sample);
    }
    List<KindRow> rows = new ArrayList<>();
    groups.forEach((kind, samples) -> {
      long[] shown = samples.stream().filter(Sample::ok).mapToLong(Sample::shownLatencyNanos).sorted().toArray();
      rows.add(new KindRow(kind, Stats.of(samples, seconds),
          (int) samples.stream().filter(s -> s.ok() && s.latencyNanos() >= slowest).count(),
          Stats.percentile(shown, 0.50), Stats.percentile(shown, 0.99)));
    });
    return rows;
  }

  /**
   * Waits (at most 30 s) until this process is nearly idle, so that a stack still working off the backlog of
   * an overloaded phase does not take CPU from the next phase; returns how long that took.
   */
  private static long quiesce() throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime();
    int quietSamples = 0;
    os.getProcessCpuLoad(); // the first reading only starts the interval
    while (quietSamples < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      Thread.sleep(500); // sampling CPU load, bounded above
      quietSamples = os.getProcessCpuLoad() < 0.10 ? quietSamples + 1 : 0;
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static String table(String platform, List<Phase[]> pairs) {
    StringBuilder t = new StringBuilder();
    t.append("### ").append(platform).append("\n\n");
    t.append("| rate/s | stack | arrivals/s | sent/s | p50 ms | p99 ms | max ms | errors | warnings "
        + "| other refusals | GC pauses / ms / longest | load before -> after |\n");
    t.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Phase[] pair : pairs) {
      for (Phase p : pair) {
        Stats s = p.stats();
        t.append(String.format(Locale.ROOT,
            "| %d | %s | %.1f | %.0f | %.2f | %.2f | %.2f | %d | %d | %d | %s | %s -> %s |%n", p.rate(), p.stack(),
            p.arrivalsPerSecond(), s.sentPerSecond(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(), p.warnings(),
            p.refusals(), p.gcPauses(), p.loadBefore(), p.loadAfter()));
      }
    }
    t.append("\n| rate/s | p50 ours / ack-only | p99 ours / ack-only |\n|---:|---:|---:|\n");
    for (Phase[] pair : pairs) {
      t.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f |%n", pair[0].rate(),
          pair[0].stats().p50Ms() / pair[1].stats().p50Ms(), pair[0].stats().p99Ms() / pair[1].stats().p99Ms()));
    }
    t.append("\nBy kind of interaction (\"slowest 1%\": how many of the phase's acknowledged interactions at or "
        + "above its p99 were of this kind; \"shown\": until the screen it caused reached the member, later than "
        + "the acknowledgement for a deferred one):\n\n");
    t.append("| rate/s | stack | kind | sent | p50 ms | p99 ms | max ms | errors | in slowest 1% | shown p50 ms "
        + "| shown p99 ms |\n");
    t.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Phase[] pair : pairs) {
      for (Phase p : pair) {
        for (KindRow row : p.kinds()) {
          Stats s = row.stats();
          t.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.2f | %.2f | %.2f | %d | %d | %.2f | %.2f |%n",
              p.rate(), p.stack(), row.kind().label, s.sent(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(),
              row.inSlowestPercent(), row.shownP50Ms(), row.shownP99Ms()));
        }
      }
    }
    t.append('\n');
    for (Phase[] pair : pairs) {
      for (Phase p : pair) {
        t.append("- ").append(p.stack()).append(' ').append(p.rate()).append("/s: ").append(p.members())
            .append('\n');
      }
    }
    return t.toString();
  }

  private static void printExamples(List<String> examples) {
    if (!examples.isEmpty()) {
      System.out.println("  first refusals seen: " + examples);
    }
  }

  /**
   * A full collection of this process between phases, outside every measured window: what the phase left (and
   * the fake forgot) is gone before the next phase starts, rather than in a mixed collection inside its window;
   * says how much heap was still in use after it (a child JVM's stack is not collected).
   */
  static String collectBetweenPhases() {
    System.gc(); // G1: a full, stop-the-world collection (unless -XX:+ExplicitGCInvokesConcurrent)
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return String.format(Locale.ROOT, "heap in use after a full GC between phases %.1f MB", used / 1048576.0);
  }

  /** This process's CPU time, all threads (nanoseconds). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String loadavg() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value pairs; got " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
