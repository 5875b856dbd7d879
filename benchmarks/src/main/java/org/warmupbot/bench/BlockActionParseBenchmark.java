package org.warmupbot.bench;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewTitle;
import com.slack.api.util.json.GsonFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.warmupbot.slack.BoltRequestParser;

/**
 * What parsing one button press on a challenge modal costs: Bolt's own {@link SlackRequestParser} (whose {@code
 * BlockActionRequest} parses the payload with a Gson made for the request) against {@link BoltRequestParser} (a
 * Gson kept for the process), on the same form-encoded body carrying a question modal as Slack sends it.
 *
 * <pre>{@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar BlockActionParseBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class BlockActionParseBenchmark {
  private SlackRequestParser bolts;
  private BoltRequestParser ours;
  private SlackRequestParser.HttpRequest press;

  @Setup
  public void setUp() {
    AppConfig config = AppConfig.builder().singleTeamBotToken("xoxb-1").signingSecret("secret").build();
    bolts = new SlackRequestParser(config);
    ours = new BoltRequestParser(config);
    press = SlackRequestParser.HttpRequest.builder()
        .requestUri("/slack/events")
        .queryString(Map.of())
        .headers(new RequestHeaders(Map.of()))
        .requestBody("payload=" + URLEncoder.encode(payload(), StandardCharsets.UTF_8))
        .remoteAddress("127.0.0.1")
        .build();
  }

  @Benchmark
  public Object boltsParser() {
    return bolts.parse(press);
  }

  @Benchmark
  public Object keptGson() {
    return ours.parse(press);
  }

  /** A block_actions payload as Slack sends it for a press on a question modal (the modal comes with it). */
  static String payload() {
    List<TextObject> facts = new ArrayList<>();
    for (String fact : List.of("*Question*\n1 of 5", "*Category*\nConceptual", "*Difficulty*\nIntermediate",
        "*Answer by*\n<!date^1796029320^{time_secs}|09:02:00 UTC>", "*Attempts left*\n2")) {
      facts.add(markdownText(fact));
    }
    List<BlockElement> buttons = new ArrayList<>();
    for (String choice : List.of("a", "b", "c", "d")) {
      buttons.add(ButtonElement.builder().actionId("choose:q1:" + choice).value("choose:q1:" + choice)
          .text(plainText("An answer of about sixty characters, as the packs' choices are " + choice)).build());
    }
    buttons.add(ButtonElement.builder().actionId("hint:q1").value("hint:q1").text(plainText("Hint")).build());
    buttons.add(ButtonElement.builder().actionId("abandon").value("abandon").text(plainText("Quit")).style("danger")
        .build());
    List<LayoutBlock> blocks = List.of(
        SectionBlock.builder().text(markdownText("*Why warm up the learning rate?*")).build(),
        SectionBlock.builder().text(markdownText("A transformer trained with Adam at a peak learning rate of 1e-3 "
            + "diverges in its first 200 steps without warmup. ".repeat(3))).build(),
        SectionBlock.builder().fields(facts).build(),
        ActionsBlock.builder().elements(buttons).build());
    View modal = View.builder().type("modal").callbackId("warmup_modal").id("V0123456789").teamId("T0123456789")
        .title(ViewTitle.builder().type("plain_text").text("Question 1 of 5").build())
        .close(ViewClose.builder().type("plain_text").text("Close").build())
        .privateMetadata("{\"u\":\"U0123456789\",\"c\":\"C0123456789\",\"p\":\"warmup-mastery\"}")
        .hash("1700000000.abcdef").blocks(blocks).build();
    Gson gson = GsonFactory.createSnakeCase();
    JsonObject view = gson.toJsonTree(modal).getAsJsonObject();
    view.add("state", gson.fromJson("{\"values\":{}}", JsonObject.class));
    return "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0123456789\",\"username\":\"ada\",\"team_id\":"
        + "\"T0123456789\"},\"api_app_id\":\"A0123456789\",\"token\":\"x\",\"container\":{\"type\":\"view\","
        + "\"view_id\":\"V0123456789\"},\"trigger_id\":\"1.2.abc\",\"team\":{\"id\":\"T0123456789\",\"domain\":"
        + "\"study\"},\"is_enterprise_install\":false,\"view\":" + view + ",\"actions\":[{\"action_id\":"
        + "\"choose:q1:a\",\"block_id\":\"b1\",\"text\":{\"type\":\"plain_text\",\"text\":\"A\"},\"value\":"
        + "\"choose:q1:a\",\"type\":\"button\",\"action_ts\":\"1700000000.1\"}]}";
  }
}
