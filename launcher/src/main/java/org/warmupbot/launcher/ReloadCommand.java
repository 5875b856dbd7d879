package org.warmupbot.launcher;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Asks the running bot on this machine to reload its packs, through its health port. */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = "Reload the challenge packs of the bot running on this machine; a broken pack is refused and the loaded ones keep serving.")
final class ReloadCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file naming the bot's health port (default: config/warmup-bot.yml).")
  @Nullable Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int port = SettingsLoader.fromSystemEnvironment()
        .healthPort(config != null ? config : CommonOptions.DEFAULT_CONFIG, config != null);
    if (port == 0) {
      spec.commandLine().getErr().println("error: health.port is 0, so the running bot has no reload endpoint; set health.port");
      return 2;
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reload"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("error: no bot answers on port " + port + " of this machine: is it running?");
      return 1;
    }
    PrintWriter answer = response.statusCode() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr();
    answer.print(response.body());
    if (!response.body().endsWith("\n")) {
      answer.println();
    }
    return response.statusCode() == 200 ? 0 : 1;
  }
}
