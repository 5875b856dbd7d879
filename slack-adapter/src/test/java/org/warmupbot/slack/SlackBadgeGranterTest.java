package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.slack.api.RequestConfigurator;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.io.IOException;
import java.time.Clock;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/** How the granter reads Slack's answers; the happy path runs end to end in {@link SlackHttpEndToEndTest}. */
final class SlackBadgeGranterTest {
  private final MethodsClient client = mock(MethodsClient.class);
  private final InMemoryStore store = new InMemoryStore();
  private final Player member = new Player(Platform.SLACK, "T1", "U1");
  private final SlackBadgeGranter granter = new SlackBadgeGranter(client, store);

  private void groupSet() {
    store.saveSettings(member.tenantKey(), new TenantSettings(Map.of("small", "S1"), null, Set.of(), 1.0));
  }

  private static UsergroupsUsersListResponse listError(String error) {
    UsergroupsUsersListResponse response = new UsergroupsUsersListResponse();
    response.setOk(false);
    response.setError(error);
    return response;
  }

  @SuppressWarnings("unchecked")
  private void listAnswers(UsergroupsUsersListResponse response) throws Exception {
    when(client.usergroupsUsersList(any(RequestConfigurator.class))).thenReturn(response);
  }

  @Test
  void noGroupConfigured_isPendingWithTheFix() {
    GrantStatus status = granter.grant(member, TestPacks.small());

    assertThat(status).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
      assertThat(p.fix()).contains("create a user group")
          .endsWith("run `/warmup admin badge-group small @small-masters`");
      assertThat(p.retryable()).as("the core does not retry what an admin must fix").isFalse();
    });
  }

  @Test
  void freePlan_isPending_notFailed() throws Exception {
    groupSet();
    listAnswers(listError("paid_teams_only"));

    assertThat(granter.grant(member, TestPacks.small())).isInstanceOfSatisfying(GrantStatus.Pending.class,
        p -> assertThat(p.reason()).contains("paid Slack plan"));
  }

  @Test
  void wrongTokenType_isPendingWithTheWorkspaceSetting() throws Exception {
    groupSet();
    listAnswers(listError("not_allowed_token_type"));

    assertThat(granter.grant(member, TestPacks.small())).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
      assertThat(p.fix()).contains("workspace settings");
      assertThat(p.retryable()).isFalse();
    });
  }

  @Test
  void slacksInternalError_isPending_andRetryableByTheCore() throws Exception {
    groupSet();
    listAnswers(listError("internal_error"));

    assertThat(granter.grant(member, TestPacks.small())).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
      assertThat(p.reason()).contains("internal_error");
      assertThat(p.retryable()).isTrue();
      assertThat(p.retryAfter()).isNull();
    });
  }

  @SuppressWarnings("unchecked")
  @Test
  void alreadyMember_isGranted_withoutRewritingTheGroup() throws Exception {
    groupSet();
    UsergroupsUsersListResponse list = new UsergroupsUsersListResponse();
    list.setOk(true);
    list.setUsers(List.of("U0", "U1"));
    listAnswers(list);

    assertThat(granter.grant(member, TestPacks.small())).isEqualTo(new GrantStatus.Granted());
    verify(client, never()).usergroupsUsersUpdate(any(RequestConfigurator.class));
  }

  @SuppressWarnings("unchecked")
  @Test
  void slackUnreachable_isPending() throws Exception {
    groupSet();
    when(client.usergroupsUsersList(any(RequestConfigurator.class))).thenThrow(new IOException("connect refused"));

    assertThat(granter.grant(member, TestPacks.small())).isInstanceOfSatisfying(GrantStatus.Pending.class,
        p -> assertThat(p.retryable()).as("retried by the core, on its backoff").isTrue());
  }

  /** Slack's SDK throws for any HTTP status but 200: the status is what the admin reads, not "unreachable". */
  @SuppressWarnings("unchecked")
  @Test
  void httpErrorFromSlack_isPendingWithTheStatus_notAsUnreachable() throws Exception {
    groupSet();
    Response unavailable = new Response.Builder()
        .request(new Request.Builder().url("https://slack.com/api/usergroups.users.list").build())
        .protocol(Protocol.HTTP_1_1).code(503).message("Service Unavailable").build();
    when(client.usergroupsUsersList(any(RequestConfigurator.class)))
        .thenThrow(new SlackApiException(unavailable, "upstream connect error"));

    assertThat(granter.grant(member, TestPacks.small())).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
      assertThat(p.reason()).isEqualTo("Slack answered HTTP 503");
      assertThat(p.fix()).contains("retry pending badges");
      assertThat(p.retryable()).as("a 5xx is retried by the core").isTrue();
    });
  }

  @Test
  void memberGone_isFailed() {
    UsergroupsUsersListResponse response = listError("invalid_users");

    assertThat(SlackBadgeGranter.refused(response, "S1")).isInstanceOf(GrantStatus.Failed.class);
  }

  @Test
  void anotherPlatformsMember_isFailed() {
    Player discord = new Player(Platform.DISCORD, "G1", "1");

    assertThat(granter.grant(discord, TestPacks.small())).isInstanceOf(GrantStatus.Failed.class);
  }

  /**
   * Slack refused the holders' list for one who left, and would not say who when asked: nobody is left out on a
   * guess, each new holder gets a refusal that says so and what the admin does (review 10 of the diff: they were
   * told the member had left, which was untrue of those still here), and a holder already in the group is in it.
   */
  @Test
  void holdersRefusedForOneWhoLeft_whenSlackWillNotSayWho_allGetTheRefusal_andNobodyIsAdded() throws Exception {
    Player other = new Player(Platform.SLACK, "T1", "U2");
    try (FakeSlackApi api = FakeSlackApi.start("xoxb-1", "T1", Clock.systemUTC());
        Slack slack = Slack.getInstance(api.clientConfig())) {
      groupSet();
      Player earlier = new Player(Platform.SLACK, "T1", "U0EARLIER");
      api.userGroup("S1", "U0EARLIER");
      api.deactivate("U2");
      api.failWith("users.info", "ratelimited");

      SlackBadgeGranter withTheFake = new SlackBadgeGranter(slack.methods("xoxb-1"), store);
      Map<Player, GrantStatus> answers =
          withTheFake.giveAgainToAll(List.of(member, other, earlier), TestPacks.small());

      assertThat(answers).containsEntry(member, SlackBadgeGranter.LIST_REFUSED)
          .containsEntry(other, SlackBadgeGranter.LIST_REFUSED)
          .containsEntry(earlier, new GrantStatus.Granted());
      assertThat(api.userGroupMembers("S1")).containsExactly("U0EARLIER");
      assertThat(api.calls("users.info")).as("each new holder was asked about").hasSize(2);
    }
  }
}
