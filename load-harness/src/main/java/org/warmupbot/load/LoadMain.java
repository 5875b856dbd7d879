package org.warmupbot.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load through the real stacks. For each platform and each rate: a phase on Warmup Bot ("ours"), then
 * the same phase on the same library with handlers that only acknowledge ("ack-only"); each phase is a warmup
 * (not measured) then the measured window, then a 3.5 s drain (Discord refuses a callback after 3 s, so
 * anything later is an error anyway), then a wait (at most 30 s) until the process is idle again, so a stack
 * working off an overload does not slow the next phase. Interactions leave at fixed times (rate per second) whatever the
 * latency; the p50/p99/max are of interaction-to-acknowledgement times of the measured window.
 *
 * <pre>
 * java -cp load-harness/target/load-harness.jar org.warmupbot.load.LoadMain \
 *     [--platforms discord,slack] [--rates 100,500,2000] [--warmup 15] [--duration 20] [--think-ms 1000] \
 *     [--packs config/challenges] [--snapshots on|off] [--out load-results.md]
 * </pre>
 *
 * {@code --snapshots off} leaves out the 10-second session snapshot chore (production runs it); only to measure
 * what it costs. Bounded: (warmup + duration + 3.5 s) x 2 stacks x rates x platforms, plus start-up; loopback only.
 */
public final class LoadMain {
  private static final long DRAIN_MILLIS = 3_500;

  private LoadMain() {}

  /** One measured phase. */
  record Phase(String stack, int rate, Stats stats, long warnings, long refusals, String loadBefore,
      String loadAfter, long gcMillis) {}

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
    WarnCounter.install();

    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "Load run: rates %s/s, warmup %d s, measured %d s, think %d ms; "
        + "session snapshots %s; nproc %d; java %s; loadavg at start %s%n%n", rates, warmup, duration, think,
        snapshots ? "on" : "off",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadavg()));
    for (String platform : platforms) {
      Path dir = Files.createTempDirectory("warmup-load-");
      List<Phase[]> pairs = new ArrayList<>();
      if (platform.equals("discord")) {
        try (DiscordLoad.Ours ours = new DiscordLoad.Ours(packs, dir.resolve("warmup.db"), think, snapshots);
            DiscordLoad.AckOnly ack = new DiscordLoad.AckOnly(think)) {
          for (int rate : rates) {
            Phase mine = phase(ours, rate, warmup, duration, () -> ours.probe().otherRefusals.sum());
            Phase floor = phase(ack, rate, warmup, duration, () -> ack.probe().otherRefusals.sum());
            pairs.add(new Phase[] {mine, floor});
            printExamples(ours.probe().examples);
          }
        }
      } else if (platform.equals("slack")) {
        try (SlackLoad.Ours ours = new SlackLoad.Ours(packs, dir.resolve("warmup.db"), think, snapshots)) {
          SlackLoad.AckOnly ack = null;
          try {
            for (int rate : rates) {
              Phase mine = phase(ours, rate, warmup, duration, () -> ours.probe().refusals.sum());
              if (ack == null) {
                JsonNode view = ours.sampleView();
                if (view == null) {
                  throw new IllegalStateException("no member reached a question on Slack: see the log above");
                }
                ack = new SlackLoad.AckOnly(view, think);
              }
              SlackLoad.AckOnly floorDriver = ack;
              Phase floor = phase(floorDriver, rate, warmup, duration, () -> floorDriver.probe().refusals.sum());
              pairs.add(new Phase[] {mine, floor});
              printExamples(ours.probe().examples);
            }
          } finally {
            if (ack != null) {
              ack.close();
            }
          }
        }
      } else {
        throw new IllegalArgumentException("platforms: discord and/or slack, not " + platform);
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

  private static Phase phase(Driver driver, int rate, int warmupSeconds, int durationSeconds,
      java.util.function.LongSupplier refusals) throws InterruptedException {
    driver.resetMembers();
    String loadBefore = loadavg();
    long warningsBefore = WarnCounter.count();
    long refusalsBefore = refusals.getAsLong();
    long gcBefore = gcMillis();
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
    List<Sample> measured = new ArrayList<>(rate * durationSeconds + 16);
    int unsent = 0;
    for (long k = 0; ; k++) {
      long due = start + k * period;
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Sample sample;
      try {
        sample = driver.sendOne();
      } catch (RuntimeException e) {
        sample = null;
        if (unsent++ < 3) {
          System.err.println(driver.label() + ": could not send: " + e);
        }
      }
      if (due >= measureFrom) {
        measured.add(sample == null ? new Sample("unsent", due) : sample);
      }
    }
    long gcDuring = gcMillis() - gcBefore;
    Thread.sleep(DRAIN_MILLIS); // bounded drain; see the class comment
    driver.settle(measured);
    long quiet = quiesce();
    Stats stats = Stats.of(measured, durationSeconds);
    Phase phase = new Phase(driver.label(), rate, stats, WarnCounter.count() - warningsBefore,
        refusals.getAsLong() - refusalsBefore, loadBefore, loadavg(), gcDuring);
    System.out.println(String.format(Locale.ROOT,
        "%-17s %5d/s: sent %6d (%.0f/s) acked %6d p50 %7.2f ms p99 %7.2f ms max %8.2f ms "
            + "(incl. refused: p50 %.0f max %.0f) errors %d warnings %d refused-other %d gc %d ms load %s -> %s",
        phase.stack(), rate, stats.sent(), stats.sentPerSecond(), stats.acked(), stats.p50Ms(), stats.p99Ms(),
        stats.maxMs(), stats.arrivedP50Ms(), stats.arrivedMaxMs(), stats.errors(), phase.warnings(), phase.refusals(), gcDuring, loadBefore, phase.loadAfter()));
    System.out.println("  " + driver.members() + "; quiet again after " + quiet + " ms");
    return phase;
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
    t.append("| rate/s | stack | sent/s | p50 ms | p99 ms | max ms | errors | warnings | other refusals "
        + "| GC ms | load before -> after |\n");
    t.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Phase[] pair : pairs) {
      for (Phase p : pair) {
        Stats s = p.stats();
        t.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %.2f | %d | %d | %d | %d | %s -> %s |%n",
            p.rate(), p.stack(), s.sentPerSecond(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(), p.warnings(),
            p.refusals(), p.gcMillis(), p.loadBefore(), p.loadAfter()));
      }
    }
    t.append("\n| rate/s | p50 ours / ack-only | p99 ours / ack-only |\n|---:|---:|---:|\n");
    for (Phase[] pair : pairs) {
      t.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f |%n", pair[0].rate(),
          pair[0].stats().p50Ms() / pair[1].stats().p50Ms(), pair[0].stats().p99Ms() / pair[1].stats().p99Ms()));
    }
    return t.toString();
  }

  private static void printExamples(List<String> examples) {
    if (!examples.isEmpty()) {
      System.out.println("  first refusals seen: " + examples);
    }
  }

  static String loadavg() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
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
