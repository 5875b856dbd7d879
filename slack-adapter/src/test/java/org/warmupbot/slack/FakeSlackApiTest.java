package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
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
  private final Slack slack = Slack.getInstance(api.clientConfig());
  private final MethodsClient client = slack.methods("xoxb-1");

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
  void responseUrlOfAPress_replacesOrDeletesThePressedMessage_andRefusesWhatSlackWould() throws Exception {
    String commandUrl = api.responseUrl("commands");
    WebhookResponse posted = new SlashCommandResponseSender(slack).send(commandUrl,
        SlashCommandResponse.builder().responseType("ephemeral").text("page 1").build());
    assertThat(posted.getCode()).isEqualTo(200);
    String id = api.calls(FakeSlackApi.RESPONSE_URL).get(0).response().path("message_id").asText();
    ActionResponseSender sender = new ActionResponseSender(slack);

    sender.send(api.actionResponseUrl(id), ActionResponse.builder().replaceOriginal(true).text("page 2").build());
    assertThat(api.message(id).orElseThrow().path("text").asText()).isEqualTo("page 2");

    sender.send(api.actionResponseUrl(id), ActionResponse.builder().text("a new message").build());
    FakeSlackApi.Call added = api.calls(FakeSlackApi.RESPONSE_URL).get(2);
    assertThat(added.response().path("message_id").asText()).isNotEqualTo(id);
    assertThat(api.message(id).orElseThrow().path("text").asText()).isEqualTo("page 2");

    List<LayoutBlock> tooMany = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tooMany.add(SlackViews.section("x"));
    }
    String url = api.actionResponseUrl(id);
    assertThat(sender.send(url, ActionResponse.builder().replaceOriginal(true).blocks(tooMany).build()).getBody())
        .isEqualTo("invalid_blocks");
    assertThat(sender.send(url, ActionResponse.builder().text("x".repeat(40_001)).build()).getBody())
        .isEqualTo("msg_too_long");
    assertThat(sender.send(url, ActionResponse.builder().responseType("public").text("x").build()).getBody())
        .isEqualTo("invalid_response_type");
    assertThat(api.message(id).orElseThrow().path("text").asText()).isEqualTo("page 2");

    sender.send(api.actionResponseUrl(id), ActionResponse.builder().deleteOriginal(true).build());
    assertThat(api.message(id)).isEmpty();
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

  /** Review 11: a view submission's acknowledgement is applied as Slack applies it, and refused as Slack would. */
  @Test
  void submissionAcknowledged_updatesTheModal_orFailsOnWhatSlackRefuses() throws Exception {
    String id = client.viewsOpen(r -> r.triggerId(api.newTriggerId()).view(modal("Warmup", 1))).getView().getId();
    String oldHash = api.view(id).orElseThrow().path("hash").asText();

    api.submissionAcknowledged(id, "{\"response_action\":\"update\",\"view\":{\"type\":\"modal\","
        + "\"title\":{\"type\":\"plain_text\",\"text\":\"Step 2\"},\"blocks\":[]}}");

    assertThat(api.view(id).orElseThrow().path("title").path("text").asText()).isEqualTo("Step 2");
    assertThat(api.view(id).orElseThrow().path("hash").asText()).isNotEqualTo(oldHash);
    assertThatThrownBy(() -> api.submissionAcknowledged(id, "{\"response_action\":\"errors\","
        + "\"errors\":{\"not-an-input\":\"Type a number\"}}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("not an input block");
    assertThatThrownBy(() -> api.submissionAcknowledged(id, "{\"response_action\":\"update\",\"view\":"
        + "{\"type\":\"modal\",\"title\":{\"type\":\"plain_text\",\"text\":\"" + "x".repeat(25) + "\"}}}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Slack refuses");
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
