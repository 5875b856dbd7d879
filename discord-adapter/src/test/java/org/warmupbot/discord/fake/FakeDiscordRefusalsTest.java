package org.warmupbot.discord.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What real Discord refuses, the fake refuses too (review 11: each of these was accepted), driven over HTTP as a
 * client would, so an adapter path that sends it fails its test as it would fail members.
 */
final class FakeDiscordRefusalsTest {
  private static final long GUILD = 81_000_000_000_000_000L;
  private static final long ALICE = 71_000_000_000_000_001L;
  private final HttpClient http = HttpClient.newHttpClient();
  private FakeDiscord fake;
  private FakeGuild guild;

  @BeforeEach
  void start() throws Exception {
    fake = FakeDiscord.start(1);
    guild = fake.addGuild(GUILD, FakeGuild.VIEW_CHANNEL); // neither Send Messages nor Manage Roles
    assertThat(call("PUT", "applications/" + FakeDiscord.APPLICATION_ID + "/commands",
        "[{\"name\":\"warmup\",\"description\":\"d\",\"type\":1}]").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(fake.restBaseUrl() + path))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> callback(Interaction interaction, String json) throws Exception {
    return call("POST", "interactions/" + interaction.id() + "/" + interaction.token() + "/callback", json);
  }

  @Test
  void aChannelPost_withoutSendMessages_isRefusedWith50013_butWithAdministratorIsNot() throws Exception {
    HttpResponse<String> post = call("POST", "channels/" + guild.channelId() + "/messages", "{\"content\":\"hi\"}");
    assertThat(post.statusCode()).as(post.body()).isEqualTo(403);
    assertThat(post.body()).contains("50013");

    guild.setBotPermissions(FakeGuild.ADMINISTRATOR);
    assertThat(call("POST", "channels/" + guild.channelId() + "/messages", "{\"content\":\"hi\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aRoleCreated_withoutManageRoles_isRefusedWith50013() throws Exception {
    HttpResponse<String> create = call("POST", "guilds/" + GUILD + "/roles", "{\"name\":\"Badge\"}");
    assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
  }

  @Test
  void anAutocomplete_answeredWithAMessage_isRefused() throws Exception {
    Interaction typing = fake.autocomplete(GUILD, 0, ALICE, "warmup", "pack", "sm");
    HttpResponse<String> answer = callback(typing, "{\"type\":4,\"data\":{\"content\":\"hi\"}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
  }

  @Test
  void aSlashCommand_answeredWithChoices_isRefused() throws Exception {
    Interaction slash = fake.slash(GUILD, guild.channelId(), ALICE, "warmup");
    HttpResponse<String> answer = callback(slash, "{\"type\":8,\"data\":{\"choices\":[]}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
  }

  @Test
  void aModalSubmission_answeredWithAnotherModal_isRefused() throws Exception {
    String modal = "{\"type\":9,\"data\":{\"custom_id\":\"m\",\"title\":\"T\",\"components\":[{\"type\":18,"
        + "\"label\":\"Answer\",\"component\":{\"type\":4,\"custom_id\":\"answer\",\"style\":1}}]}}";
    Interaction slash = fake.slash(GUILD, guild.channelId(), ALICE, "warmup");
    assertThat(callback(slash, modal).statusCode()).isEqualTo(204);
    Interaction submit = fake.submitModal(ALICE, slash, "42");

    HttpResponse<String> answer = callback(submit, modal);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
  }

  @Test
  void aModal_whoseTextInputPassesItsLimits_isRefused() throws Exception {
    String modal = "{\"type\":9,\"data\":{\"custom_id\":\"m\",\"title\":\"T\",\"components\":[{\"type\":18,"
        + "\"label\":\"Answer\",\"component\":{\"type\":4,\"custom_id\":\"answer\",\"style\":1,\"placeholder\":\""
        + "p".repeat(101) + "\",\"max_length\":5000}}]}}";

    HttpResponse<String> answer = callback(fake.slash(GUILD, guild.channelId(), ALICE, "warmup"), modal);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("placeholder").contains("max_length");
  }

  @Test
  void anAutocompleteChoice_namedInOver100Characters_isRefused() throws Exception {
    Interaction typing = fake.autocomplete(GUILD, 0, ALICE, "warmup", "pack", "sm");
    HttpResponse<String> answer = callback(typing,
        "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"" + "n".repeat(101) + "\",\"value\":\"small\"}]}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
  }

  @Test
  void anEmbedField_withAnEmptyName_isRefused() throws Exception {
    Interaction slash = fake.slash(GUILD, guild.channelId(), ALICE, "warmup");
    HttpResponse<String> answer = callback(slash, "{\"type\":4,\"data\":{\"embeds\":[{\"title\":\"t\",\"fields\":"
        + "[{\"name\":\"\",\"value\":\"v\"}]}]}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
  }

  @Test
  void aCommandOption_namedInUpperCaseOrWithoutADescription_isRefused() throws Exception {
    HttpResponse<String> put = call("PUT", "applications/" + FakeDiscord.APPLICATION_ID + "/commands",
        "[{\"name\":\"warmup\",\"description\":\"d\",\"type\":1,\"options\":[{\"name\":\"Pack\",\"description\":\"\","
            + "\"type\":3}]}]");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
    assertThat(put.body()).contains("0.options.0.name").contains("0.options.0.description");
  }
}
