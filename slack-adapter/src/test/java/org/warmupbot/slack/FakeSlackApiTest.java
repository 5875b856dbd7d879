package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.slash_commands.SlashCommandResponseSender;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewTitle;
import com.slack.api.webhook.WebhookResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.slack.testing.FakeSlackApi;

/** The fake answers Slack's own client as Slack would, refusals included. */
final class FakeSlackApiTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final FakeSlackApi api = FakeSlackApi.start("xoxb-1", "T1", clock);
  private final Slack slack = Slack.getInstance(config());
  private final MethodsClient client = slack.methods("xoxb-1");

  private SlackConfig config() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(api.methodsUrl());
    return config;
  }

  @AfterEach
  void close() throws Exception {
    slack.close();
    api.close();
  }

  private static View modal(String title, int blocks) {
    List<LayoutBlock> list = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      list.add(SlackViews.section("line " + i));
    }
    return View.builder().type("modal").title(ViewTitle.builder().type("plain_text").text(title).build())
        .blocks(list).build();
  }

  @Test
  void responseUrl_takesFiveMessagesWithText_throughSlacksOwnSender() throws Exception {
    String url = api.responseUrl("commands");
    SlashCommandResponseSender sender = new SlashCommandResponseSender(slack);

    assertThat(sender.send(url, SlashCommandResponse.builder().build()).getBody()).isEqualTo("no_text");
    for (int i = 1; i <= 4; i++) {
      WebhookResponse answer = sender.send(url, SlashCommandResponse.builder().text("answer " + i).build());
      assertThat(answer.getCode()).isEqualTo(200);
    }
    WebhookResponse sixth = sender.send(url, SlashCommandResponse.builder().text("one too many").build());

    assertThat(sixth.getCode()).isEqualTo(404);
    assertThat(sixth.getBody()).isEqualTo("used_url");
    assertThat(api.calls(FakeSlackApi.RESPONSE_URL)).extracting(call -> call.params().get("text"))
        .containsExactly(null, "answer 1", "answer 2", "answer 3", "answer 4", "one too many");
  }

  @Test
  void triggerId_worksOnce_withinThreeSeconds() throws Exception {
    String trigger = api.newTriggerId();
    assertThat(client.viewsOpen(r -> r.triggerId(trigger).view(modal("Warmup", 1))).isOk()).isTrue();
    assertThat(client.viewsOpen(r -> r.triggerId(trigger).view(modal("Warmup", 1))).getError())
        .isEqualTo("exchanged_trigger_id");

    String late = api.newTriggerId();
    clock.advance(Duration.ofMillis(3001));
    assertThat(client.viewsOpen(r -> r.triggerId(late).view(modal("Warmup", 1))).getError())
        .isEqualTo("expired_trigger_id");
  }

  @Test
  void viewsUpdate_withAStaleHash_isAHashConflict() throws Exception {
    var opened = client.viewsOpen(r -> r.triggerId(api.newTriggerId()).view(modal("Warmup", 1)));
    String id = opened.getView().getId();
    String hash = opened.getView().getHash();
    assertThat(client.viewsUpdate(r -> r.viewId(id).hash(hash).view(modal("Step 2", 1))).isOk()).isTrue();

    var stale = client.viewsUpdate(r -> r.viewId(id).hash(hash).view(modal("Step 3", 1)));

    assertThat(stale.getError()).isEqualTo("hash_conflict");
    assertThat(api.view(id).orElseThrow().path("title").path("text").asText()).isEqualTo("Step 2");
  }

  @Test
  void blockKitLimits_andWrongTokens_areRefused() throws Exception {
    var tooMany = client.viewsOpen(r -> r.triggerId(api.newTriggerId()).view(modal("Warmup", 101)));
    assertThat(tooMany.getError()).isEqualTo("invalid_arguments");
    assertThat(tooMany.getResponseMetadata().getMessages()).anyMatch(m -> m.contains("100 items"));

    var longTitle = client.viewsOpen(r -> r.triggerId(api.newTriggerId()).view(modal("x".repeat(25), 1)));
    assertThat(longTitle.getError()).isEqualTo("invalid_arguments");

    List<LayoutBlock> fiftyOne = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      fiftyOne.add(SlackViews.section("x"));
    }
    assertThat(client.chatPostMessage(r -> r.channel("C1").text("t").blocks(fiftyOne)).getError())
        .isEqualTo("invalid_arguments");

    assertThat(slack.methods("xoxb-wrong").authTest(r -> r).getError()).isEqualTo("invalid_auth");
  }

  @Test
  void usergroupsUsersUpdate_replacesTheWholeList() throws Exception {
    api.userGroup("S1", "U1", "U2");

    client.usergroupsUsersUpdate(r -> r.usergroup("S1").users(List.of("U3")));

    assertThat(api.userGroupMembers("S1")).containsExactly("U3");
    assertThat(client.usergroupsUsersList(r -> r.usergroup("S1")).getUsers()).containsExactly("U3");
  }
}
