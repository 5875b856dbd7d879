package org.warmupbot.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * Start-up time of the packaged bot: from starting {@code java -jar warmup-bot.jar run} as a child process, with
 * Discord and Slack (HTTP mode) pointed at the loopback fakes and a fresh SQLite file, to {@code /health}
 * answering 200 (store reachable, every Discord shard connected, the Slack endpoint listening). Each run is
 * stopped with SIGTERM (then killed after 15 s), and how long the stop took is printed; a run that is not healthy
 * within 30 s counts as failed.
 *
 * <pre>
 * java -cp load-harness/target/load-harness.jar org.warmupbot.load.StartupMain \
 *     [--jar launcher/target/warmup-bot.jar] [--config config/warmup-bot.yml] [--packs config/challenges] [--runs 5]
 *     [--jvm-args "-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=warmup.jsa"]
 * </pre>
 *
 * {@code --jvm-args} (space-separated) go before {@code -jar}, to measure start-up options.
 */
public final class StartupMain {
  private static final long GUILD = 81_000_000_000_000_000L;

  private StartupMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = LoadMain.options(args);
    Path jar = Path.of(options.getOrDefault("jar", "launcher/target/warmup-bot.jar"));
    Path config = Path.of(options.getOrDefault("config", "config/warmup-bot.yml"));
    Path packs = Path.of(options.getOrDefault("packs", "config/challenges"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    List<String> jvmArgs = options.containsKey("jvm-args")
        ? List.of(options.get("jvm-args").trim().split("\\s+")) : List.of();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " is missing: build it with mvn -pl launcher -am package -DskipTests");
    }
    FakeDiscord discord = FakeDiscord.start(1);
    discord.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    FakeSlackApi slack = FakeSlackApi.start("xoxb-startup-token", "T0STARTUP", Clock.systemUTC());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    List<Double> seconds = new ArrayList<>();
    int failed = 0;
    try {
      for (int run = 1; run <= runs; run++) {
        Path dir = Files.createTempDirectory("warmup-startup-");
        int healthPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true).redirectOutput(dir.resolve("bot.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("DISCORD_TOKEN", "startup-fake-token");
        env.put("WARMUP_DISCORD_API_URL", discord.restBaseUrl());
        env.put("SLACK_BOT_TOKEN", "xoxb-startup-token");
        env.put("SLACK_SIGNING_SECRET", "startup-signing-secret");
        env.put("WARMUP_SLACK_MODE", "http");
        env.put("WARMUP_SLACK_API_URL", slack.methodsUrl());
        env.put("WARMUP_SLACK_HTTP_PORT", Integer.toString(freePort()));
        env.put("WARMUP_HEALTH_PORT", Integer.toString(healthPort));
        env.put("WARMUP_STORE_SQLITE_FILE", dir.resolve("warmup.db").toString());
        env.put("WARMUP_PACKS", packs.toString());
        String loadBefore = LoadMain.loadavg();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
          double took = awaitHealthy(http, healthPort, process, start);
          if (Double.isNaN(took)) {
            failed++;
            System.out.printf(Locale.ROOT, "run %d: not healthy within 30 s (log: %s)%n", run, dir.resolve("bot.log"));
          } else {
            seconds.add(took);
            System.out.printf(Locale.ROOT, "run %d: /health 200 after %.3f s (load %s)%n", run, took, loadBefore);
          }
        } finally {
          long stopping = System.nanoTime();
          process.destroy();
          if (process.waitFor(15, TimeUnit.SECONDS)) {
            double took = (System.nanoTime() - stopping) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: stopped %.3f s after SIGTERM%n", run, took);
          } else {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "run %d: still running 15 s after SIGTERM, killed%n", run);
          }
        }
      }
    } finally {
      discord.close();
      slack.close();
    }
    double[] values = seconds.stream().mapToDouble(Double::doubleValue).toArray();
    System.out.printf(Locale.ROOT, "start-up to /health 200: median %.3f s, min %.3f s, max %.3f s of %d runs "
            + "(%d failed); nproc %d; loadavg now %s%n",
        values.length == 0 ? Double.NaN : Stats.median(values),
        seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), values.length, failed,
        Runtime.getRuntime().availableProcessors(), LoadMain.loadavg());
    System.exit(failed == 0 ? 0 : 1);
  }

  /** Seconds from {@code start} to the first 200 from /health; NaN after 30 s or when the process ends. */
  private static double awaitHealthy(HttpClient http, int port, Process process, long start)
      throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(1)).build();
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - start) / 1e9;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(10); // polling a child process's port, bounded by the deadline
    }
    return Double.NaN;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
