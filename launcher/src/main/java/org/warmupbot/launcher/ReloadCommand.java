package org.warmupbot.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Asks the running bot on this machine to reload its packs, through its health port. */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = "Reload the challenge packs of the bot running on this machine; a broken pack is refused and the loaded ones keep serving.")
final class ReloadCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int port = common.healthPort();
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
    (response.statusCode() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr()).print(response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }
}
