package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.session.GrantRetries;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * What {@code /warmup admin badge-group} says of the badge's holders when their update does not answer in time,
 * fails, or meets the bot stopping: the answer's branches the end-to-end tests (holders added inline) cannot reach.
 * The admin check asks the fake Slack through Slack's own client.
 */
final class HoldersAnswerTest {
  private static final String ADMIN = "U0ADMIN";
  private static final Player HOLDER = new Player(Platform.SLACK, "T1", "U0HOLDER");

  private final FakeSlackApi api = FakeSlackApi.start("xoxb-1", "T1", MutableClock.atMondayMorning());
  private final Slack slack = Slack.getInstance(api.clientConfig());
  private final MethodsClient client = slack.methods("xoxb-1");
  private final InMemoryStore store = new InMemoryStore();
  private final ChallengePack pack = TestPacks.small();

  @AfterEach
  void close() throws Exception {
    slack.close();
    api.close();
  }

  private String badgeGroupSet(BadgeGranter granter, Executor holdersExecutor) {
    api.admin(ADMIN);
    store.saveBadge(new BadgeAward(HOLDER, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Granted()));
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.SLACK, granter), Runnable::run, GrantRetries.NONE,
        holdersExecutor);
    AdminCommand admin = new AdminCommand(new WorkspaceAdmins(client), TestPacks.catalogOf(pack), store, recorder,
        () -> new PackReloader.Result(false, "not here"), Duration.ofMillis(50));
    return admin.run(new Player(Platform.SLACK, "T1", ADMIN),
        List.of("badge-group", pack.id(), "<!subteam^S0NEW|@masters>"), "C0STUDY");
  }

  @Test
  void holdersUpdateNotDoneInTime_saysTheyAreBeingAdded_andWhereARefusalWouldBeSaid() {
    List<Runnable> held = new ArrayList<>();

    assertThat(badgeGroupSet((player, p) -> new GrantStatus.Granted(), held::add))
        .contains("now adds members to <!subteam^S0NEW>.",
            "The 1 member(s) who hold the badge are being added to it (should Slack refuse, the bot's log says why).");
    assertThat(held).as("still to run when the answer went").hasSize(1);
  }

  @Test
  void holdersUpdateThatBroke_saysSoInPlainWords_notWithTheException() {
    String answer = badgeGroupSet((player, p) -> {
      throw new IllegalStateException("java.lang.IllegalStateException: the client broke");
    }, Runnable::run);

    assertThat(answer).contains("Adding the 1 member(s) who hold the badge failed (the bot's log says why): run this"
        + " command again in a minute.").doesNotContain("java.lang");
  }

  @Test
  void botStopping_saysToRunTheCommandAgainOnceItIsBack() {
    String answer = badgeGroupSet((player, p) -> new GrantStatus.Granted(), task -> {
      throw new RejectedExecutionException("stopping");
    });

    assertThat(answer).contains("I am stopping: run this command again once I am back to add the 1 member(s) who"
        + " hold the badge.");
  }

  /** Slack took some holders and not others, for different reasons: each is named with its reason. */
  @Test
  void holdersRefusedForDifferentReasons_eachIsNamedWithItsReason_andWhatARetryMayAdd() {
    Player other = new Player(Platform.SLACK, "T1", "U0OTHER");
    Player third = new Player(Platform.SLACK, "T1", "U0THIRD");
    for (Player holder : List.of(other, third)) {
      store.saveBadge(new BadgeAward(holder, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
          new GrantStatus.Granted()));
    }
    BadgeGranter granter = (player, p) -> player.equals(HOLDER)
        ? new GrantStatus.Failed("left the workspace (Slack: deactivated)")
        : player.equals(other) ? GrantStatus.Pending.tryAgainLater("Slack rate-limited the request", "wait", null)
        : new GrantStatus.Granted();

    assertThat(badgeGroupSet(granter, Runnable::run)).contains(" 1 of the 3 member(s) who hold the badge are in it now."
        + " Slack did not add <@U0HOLDER>: left the workspace (Slack: deactivated); <@U0OTHER>: Slack rate-limited the"
        + " request. Run this command again in a minute to try those again.");
  }

  /** A refusal the admin must act on: its fix is said, once, after the holders it concerns. */
  @Test
  void holdersRefusedForAReasonTheAdminFixes_theFixIsSaid() {
    Player other = new Player(Platform.SLACK, "T1", "U0OTHER");
    store.saveBadge(new BadgeAward(other, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Granted()));
    GrantStatus unnamed = new GrantStatus.Pending("Slack refused the list, likely for a member who left the"
        + " workspace, and named nobody", "add those still in the workspace to the group in Slack");
    BadgeGranter granter = (player, p) -> player.equals(HOLDER) ? new GrantStatus.Granted() : unnamed;

    assertThat(badgeGroupSet(granter, Runnable::run)).contains(" 1 of the 2 member(s) who hold the badge are in it"
        + " now. Slack did not add <@U0OTHER>: Slack refused the list, likely for a member who left the workspace,"
        + " and named nobody. Fix: add those still in the workspace to the group in Slack.");
  }
}
