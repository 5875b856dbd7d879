package org.warmupbot.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;

/**
 * The one suite every {@link ResultStore} and {@link SessionStore} passes. A subclass only says how to open a
 * fresh, empty store; the suite closes it after each test when it is {@link AutoCloseable}.
 *
 * <p>Week starts are Mondays at midnight UTC: a store that keeps a weekly table buckets by UTC unless told
 * otherwise, and a store without one must give the same answers.
 */
public abstract class ResultStoreContract<S extends ResultStore & SessionStore> {

  protected static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild-1");
  protected static final Tenant OTHER_GUILD = new Tenant(Platform.DISCORD, "guild-2");
  protected static final Tenant WORKSPACE = new Tenant(Platform.SLACK, "guild-1");
  protected static final String PACK = "warmup-mastery";
  protected static final String OTHER_PACK = "sql-basics";
  /** A Monday, 00:00 UTC. */
  protected static final Instant THIS_WEEK = Instant.parse("2025-03-03T00:00:00Z");

  protected static final Instant LAST_WEEK = THIS_WEEK.minus(Duration.ofDays(7));

  private S store;

  /** A new store with nothing in it. */
  protected abstract S openEmptyStore() throws Exception;

  @BeforeEach
  final void openStore() throws Exception {
    store = openEmptyStore();
  }

  @AfterEach
  final void closeStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  protected final S store() {
    return store;
  }

  protected static Player member(Tenant tenant, String userId) {
    return Player.of(tenant, userId);
  }

  protected static FinishedRun run(
      String runId, Player player, String packId, int score, long seconds, Instant finishedAt) {
    List<QuestionResult> questions =
        List.of(
            new QuestionResult("q1", "java", true, 1, false, Duration.ofMillis(seconds * 400), score / 2),
            new QuestionResult("q2", "sql", score % 2 == 0, 2, true, Duration.ofMillis(seconds * 600), score - score / 2));
    return new FinishedRun(
        runId, player, packId, "v1", questions, score, Duration.ofSeconds(seconds), finishedAt, score >= 300);
  }

  private FinishedRun save(String runId, String userId, int score, long seconds, Instant finishedAt) {
    FinishedRun run = run(runId, member(GUILD, userId), PACK, score, seconds, finishedAt);
    store.save(run);
    return run;
  }

  private static List<String> users(List<Ranked> board) {
    return board.stream().map(Ranked::userId).toList();
  }

  private static List<Integer> ranks(List<Ranked> board) {
    return board.stream().map(Ranked::rank).toList();
  }

  // --- runs ------------------------------------------------------------------------------------------------

  @Test
  void save_sameRunTwice_isKeptOnce() {
    FinishedRun run = save("run-1", "ada", 200, 60, THIS_WEEK.plusSeconds(10));
    store.save(run);
    store.save(run(run.runId(), run.player(), PACK, 999, 1, THIS_WEEK.plusSeconds(20)));

    assertThat(store.runs(member(GUILD, "ada"))).containsExactly(run);
    assertThat(store.rankedCount(GUILD, PACK, null)).isEqualTo(1);
    assertThat(store.top(GUILD, PACK, null, 0, 10)).singleElement().extracting(Ranked::score).isEqualTo(200);
  }

  @Test
  void runs_keepEveryQuestionResult_oldestFirst_acrossPacks() {
    Player ada = member(GUILD, "ada");
    FinishedRun later = run("run-2", ada, OTHER_PACK, 150, 90, THIS_WEEK.plusSeconds(500));
    FinishedRun earlier = run("run-1", ada, PACK, 301, 75, THIS_WEEK.plusMillis(1_250));
    store.save(later);
    store.save(earlier);
    store.save(run("run-3", member(GUILD, "bob"), PACK, 100, 30, THIS_WEEK));
    store.save(run("run-4", member(WORKSPACE, "ada"), PACK, 100, 30, THIS_WEEK));

    assertThat(store.runs(ada)).containsExactly(earlier, later);
    assertThat(store.runs(member(GUILD, "nobody"))).isEmpty();
  }

  // --- leaderboards ----------------------------------------------------------------------------------------

  @Test
  void top_ranksByScore_thenShorterTime_thenEarlierFinish() {
    save("r1", "slow", 300, 120, THIS_WEEK.plusSeconds(1));
    save("r2", "late", 300, 60, THIS_WEEK.plusSeconds(50));
    save("r3", "early", 300, 60, THIS_WEEK.plusSeconds(40));
    save("r4", "low", 100, 10, THIS_WEEK.plusSeconds(2));
    save("r5", "high", 400, 300, THIS_WEEK.plusSeconds(3));

    List<Ranked> board = store.top(GUILD, PACK, null, 0, 10);

    assertThat(users(board)).containsExactly("high", "early", "late", "slow", "low");
    assertThat(ranks(board)).containsExactly(1, 2, 3, 4, 5);
    assertThat(board.get(1))
        .isEqualTo(new Ranked(2, "early", 300, Duration.ofSeconds(60), THIS_WEEK.plusSeconds(40)));
  }

  @Test
  void top_exactTies_shareRank_andTheNextRankSkips() {
    Instant same = THIS_WEEK.plusSeconds(30);
    save("r1", "bob", 200, 60, same);
    save("r2", "ada", 200, 60, same);
    save("r3", "cy", 300, 60, same);
    save("r4", "dee", 100, 60, same);

    List<Ranked> board = store.top(GUILD, PACK, null, 0, 10);

    assertThat(users(board)).containsExactly("cy", "ada", "bob", "dee");
    assertThat(ranks(board)).containsExactly(1, 2, 2, 4);
  }

  @Test
  void top_ranksEachMemberByTheirBestRunOnly() {
    save("r1", "ada", 100, 60, THIS_WEEK.plusSeconds(1));
    save("r2", "ada", 250, 80, THIS_WEEK.plusSeconds(2));
    save("r3", "ada", 250, 90, THIS_WEEK.plusSeconds(3));
    save("r4", "bob", 200, 10, THIS_WEEK.plusSeconds(4));

    List<Ranked> board = store.top(GUILD, PACK, null, 0, 10);

    assertThat(board)
        .containsExactly(
            new Ranked(1, "ada", 250, Duration.ofSeconds(80), THIS_WEEK.plusSeconds(2)),
            new Ranked(2, "bob", 200, Duration.ofSeconds(10), THIS_WEEK.plusSeconds(4)));
    assertThat(store.rankedCount(GUILD, PACK, null)).isEqualTo(2);
  }

  @Test
  void top_pages_keepRanksAcrossPages_includingATieOnTheBoundary() {
    for (int i = 0; i < 25; i++) {
      save("r" + i, String.format("u%02d", i), 1000 - i * 10, 60, THIS_WEEK.plusSeconds(i));
    }
    // u25 ties exactly with u09 (score 910, 60 s, finished at +9 s): both rank 10, across the page boundary.
    save("r-tie", "u25", 910, 60, THIS_WEEK.plusSeconds(9));

    List<Ranked> first = store.top(GUILD, PACK, null, 0, 10);
    List<Ranked> second = store.top(GUILD, PACK, null, 10, 10);
    List<Ranked> third = store.top(GUILD, PACK, null, 20, 10);

    assertThat(first).hasSize(10);
    assertThat(first.get(9)).extracting(Ranked::userId, Ranked::rank).containsExactly("u09", 10);
    assertThat(second.get(0)).extracting(Ranked::userId, Ranked::rank).containsExactly("u25", 10);
    assertThat(second.get(1)).extracting(Ranked::userId, Ranked::rank).containsExactly("u10", 12);
    assertThat(third).hasSize(6);
    assertThat(third.get(5)).extracting(Ranked::userId, Ranked::rank).containsExactly("u24", 26);
    assertThat(store.top(GUILD, PACK, null, 30, 10)).isEmpty();
    assertThat(store.rankedCount(GUILD, PACK, null)).isEqualTo(26);
  }

  @Test
  void boards_areSeparatePerTenant_platform_andPack() {
    save("r1", "ada", 100, 60, THIS_WEEK);
    store.save(run("r2", member(OTHER_GUILD, "bob"), PACK, 200, 60, THIS_WEEK));
    store.save(run("r3", member(WORKSPACE, "cy"), PACK, 300, 60, THIS_WEEK));
    store.save(run("r4", member(GUILD, "dee"), OTHER_PACK, 400, 60, THIS_WEEK));

    assertThat(users(store.top(GUILD, PACK, null, 0, 10))).containsExactly("ada");
    assertThat(users(store.top(OTHER_GUILD, PACK, null, 0, 10))).containsExactly("bob");
    assertThat(users(store.top(WORKSPACE, PACK, null, 0, 10))).containsExactly("cy");
    assertThat(users(store.top(GUILD, OTHER_PACK, null, 0, 10))).containsExactly("dee");
    assertThat(store.rankedCount(new Tenant(Platform.TERMINAL, "local"), PACK, null)).isZero();
  }

  @Test
  void weekStart_ranksOnlyRunsFinishedThatWeek_whileAllTimeKeepsTheBest() {
    save("r1", "ada", 500, 60, LAST_WEEK.plusSeconds(100));
    save("r2", "ada", 200, 60, THIS_WEEK.plusSeconds(100));
    save("r3", "bob", 300, 60, THIS_WEEK); // exactly at the week start: counts
    save("r4", "cy", 400, 60, THIS_WEEK.minusMillis(1)); // a millisecond before: last week

    assertThat(users(store.top(GUILD, PACK, THIS_WEEK, 0, 10))).containsExactly("bob", "ada");
    assertThat(store.top(GUILD, PACK, THIS_WEEK, 0, 10).get(1).score()).isEqualTo(200);
    assertThat(store.rankedCount(GUILD, PACK, THIS_WEEK)).isEqualTo(2);
    assertThat(store.standing(member(GUILD, "ada"), PACK, THIS_WEEK)).map(Ranked::rank).hasValue(2);
    assertThat(store.standing(member(GUILD, "cy"), PACK, THIS_WEEK)).isEmpty();

    assertThat(users(store.top(GUILD, PACK, null, 0, 10))).containsExactly("ada", "cy", "bob");
    assertThat(store.standing(member(GUILD, "ada"), PACK, null)).map(Ranked::score).hasValue(500);
  }

  @Test
  void pastWeekStart_includesEveryLaterWeek() {
    save("r1", "ada", 500, 60, LAST_WEEK.plusSeconds(100));
    save("r2", "bob", 600, 60, THIS_WEEK.plusSeconds(100));
    save("r3", "cy", 700, 60, LAST_WEEK.minusSeconds(1));

    assertThat(users(store.top(GUILD, PACK, LAST_WEEK, 0, 10))).containsExactly("bob", "ada");
    assertThat(store.rankedCount(GUILD, PACK, LAST_WEEK)).isEqualTo(2);
    assertThat(store.standing(member(GUILD, "ada"), PACK, LAST_WEEK)).map(Ranked::rank).hasValue(2);
  }

  @Test
  void arbitrarySince_ranksRunsFinishedAtOrAfterIt() {
    Instant since = THIS_WEEK.plus(Duration.ofHours(30)).plusMillis(500);
    save("r1", "ada", 500, 60, since.minusMillis(1));
    save("r2", "ada", 100, 60, since);
    save("r3", "bob", 300, 30, since.plusSeconds(5));
    save("r4", "cy", 300, 30, since.plusSeconds(9));

    assertThat(store.top(GUILD, PACK, since, 0, 10))
        .containsExactly(
            new Ranked(1, "bob", 300, Duration.ofSeconds(30), since.plusSeconds(5)),
            new Ranked(2, "cy", 300, Duration.ofSeconds(30), since.plusSeconds(9)),
            new Ranked(3, "ada", 100, Duration.ofSeconds(60), since));
    assertThat(store.top(GUILD, PACK, since, 1, 1)).extracting(Ranked::userId).containsExactly("cy");
    assertThat(store.rankedCount(GUILD, PACK, since)).isEqualTo(3);
    assertThat(store.standing(member(GUILD, "ada"), PACK, since)).map(Ranked::rank).hasValue(3);
  }

  @Test
  void standing_isOnePlusTheMembersStrictlyBetter_andMatchesTheBoard() {
    for (int i = 0; i < 30; i++) {
      save("r" + i, "u" + i, (i % 7) * 100, 60 + i % 3, THIS_WEEK.plusSeconds(i % 4));
    }
    List<Ranked> board = store.top(GUILD, PACK, null, 0, 100);
    assertThat(board).hasSize(30);

    for (Ranked ranked : board) {
      assertThat(store.standing(member(GUILD, ranked.userId()), PACK, null)).hasValue(ranked);
      assertThat(store.standing(member(GUILD, ranked.userId()), PACK, THIS_WEEK)).hasValue(ranked);
    }
    Ranked viewer = store.standing(member(GUILD, "u13"), PACK, null).orElseThrow();
    int position = board.indexOf(viewer);
    assertThat(store.top(GUILD, PACK, null, position - 1, 3))
        .containsExactly(board.get(position - 1), viewer, board.get(position + 1));
    assertThat(store.standing(member(GUILD, "absent"), PACK, null)).isEmpty();
    assertThat(store.standing(member(OTHER_GUILD, "u13"), PACK, null)).isEmpty();
  }

  @Test
  void emptyBoard_hasNoLinesAndNoMembers() {
    assertThat(store.top(GUILD, PACK, null, 0, 10)).isEmpty();
    assertThat(store.top(GUILD, PACK, THIS_WEEK, 0, 10)).isEmpty();
    assertThat(store.rankedCount(GUILD, PACK, THIS_WEEK)).isZero();
  }

  // --- badges ----------------------------------------------------------------------------------------------

  @Test
  void saveBadge_keepsOneAwardPerMemberAndPack_andUpdatesItsStatus() {
    Player ada = member(GUILD, "ada");
    Instant earned = THIS_WEEK.plusSeconds(60);
    BadgeAward pending =
        new BadgeAward(ada, PACK, "Warmup Master", earned, new GrantStatus.Pending("role too high", "move the bot role up"));
    store.saveBadge(pending);
    store.saveBadge(pending.withStatus(new GrantStatus.Granted()));
    BadgeAward other = new BadgeAward(ada, OTHER_PACK, "SQL Sprinter", earned.plusSeconds(1), new GrantStatus.Failed("member left"));
    store.saveBadge(other);

    assertThat(store.badges(ada)).containsExactly(pending.withStatus(new GrantStatus.Granted()), other);
    assertThat(store.badges(member(WORKSPACE, "ada"))).isEmpty();
  }

  @Test
  void runThatEarnedItsBadge_keepsTheBadgeBeingGranted_untilItsGrantIsSaved_andNeverOverAnAwardTheMemberHas() {
    Player ada = member(GUILD, "ada");
    Player bob = member(GUILD, "bob");
    Instant first = THIS_WEEK.plusSeconds(60);
    store.saveBadge(new BadgeAward(bob, PACK, "Warmup Master", first, new GrantStatus.Granted()));

    store.save(run("perfect-ada", ada, PACK, 400, 90, first)); // score >= 300: the badge earned
    store.save(run("perfect-bob", bob, PACK, 400, 80, first.plusSeconds(3600)));
    store.save(run("plain-cy", member(GUILD, "cy"), PACK, 100, 90, first));

    assertThat(store.badges(ada)).containsExactly(new BadgeAward(ada, PACK, PACK, first, GrantStatus.BEING_GRANTED));
    assertThat(store.pendingBadges(GUILD)).extracting(BadgeAward::player).containsExactly(ada);
    assertThat(store.badges(bob)).as("granted already: kept as it was")
        .containsExactly(new BadgeAward(bob, PACK, "Warmup Master", first, new GrantStatus.Granted()));

    // The grant's outcome, saved with the later run's time, keeps the time the badge was first earned.
    store.saveBadge(new BadgeAward(ada, PACK, "Warmup Master", first.plusSeconds(600), new GrantStatus.Granted()));
    assertThat(store.badges(ada))
        .containsExactly(new BadgeAward(ada, PACK, "Warmup Master", first, new GrantStatus.Granted()));
  }

  /**
   * A grant of a badge the member holds (a perfect run in a process that could not read her award, or an admin's
   * retry racing a grant) that could not be given right then left her granted badge pending.
   */
  @Test
  void saveBadge_neverTurnsAGrantedAwardBackToPendingOrFailed() {
    Player ada = member(GUILD, "ada");
    Instant earned = THIS_WEEK.plusSeconds(60);
    BadgeAward granted = new BadgeAward(ada, PACK, "Warmup Master", earned, new GrantStatus.Granted());
    store.saveBadge(granted);

    store.saveBadge(new BadgeAward(ada, PACK, "Warmup Master", earned.plusSeconds(600),
        new GrantStatus.Pending("no Manage Roles permission", "give the bot Manage Roles")));
    store.saveBadge(new BadgeAward(ada, PACK, "Warmup Master", earned.plusSeconds(900),
        new GrantStatus.Failed("member left")));
    store.save(run("perfect-again", ada, PACK, 400, 90, earned.plusSeconds(1200)));

    assertThat(store.badges(ada)).containsExactly(granted);
    assertThat(store.pendingBadges(GUILD)).isEmpty();
  }

  @Test
  void pendingBadges_listsThisTenantsPendingAwards_oldestFirst() {
    GrantStatus.Pending why = new GrantStatus.Pending("no Manage Roles permission", "give the bot Manage Roles");
    BadgeAward newer = new BadgeAward(member(GUILD, "ada"), PACK, "Warmup Master", THIS_WEEK.plusSeconds(20), why);
    BadgeAward older = new BadgeAward(member(GUILD, "bob"), PACK, "Warmup Master", THIS_WEEK.plusSeconds(10), why);
    store.saveBadge(newer);
    store.saveBadge(older);
    store.saveBadge(new BadgeAward(member(GUILD, "cy"), PACK, "Warmup Master", THIS_WEEK, new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(member(GUILD, "dee"), PACK, "Warmup Master", THIS_WEEK, new GrantStatus.Failed("left")));
    store.saveBadge(new BadgeAward(member(OTHER_GUILD, "eve"), PACK, "Warmup Master", THIS_WEEK, why));

    assertThat(store.pendingBadges(GUILD)).containsExactly(older, newer);

    store.saveBadge(older.withStatus(new GrantStatus.Granted()));
    assertThat(store.pendingBadges(GUILD)).containsExactly(newer);
  }

  @Test
  void holders_areTheTenantsMembersGrantedThePacksBadge_earliestFirst() {
    BadgeAward later = new BadgeAward(member(GUILD, "ada"), PACK, "Warmup Master", THIS_WEEK.plusSeconds(20),
        new GrantStatus.Granted());
    BadgeAward earlier = new BadgeAward(member(GUILD, "bob"), PACK, "Warmup Master", THIS_WEEK.plusSeconds(10),
        new GrantStatus.Granted());
    store.saveBadge(later);
    store.saveBadge(earlier);
    store.saveBadge(new BadgeAward(member(GUILD, "cy"), PACK, PACK, THIS_WEEK, GrantStatus.BEING_GRANTED));
    store.saveBadge(new BadgeAward(member(GUILD, "dee"), OTHER_PACK, "SQL Master", THIS_WEEK,
        new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(member(OTHER_GUILD, "eve"), PACK, "Warmup Master", THIS_WEEK,
        new GrantStatus.Granted()));

    assertThat(store.holders(GUILD, PACK)).containsExactly(earlier, later);
    assertThat(store.holders(WORKSPACE, PACK)).isEmpty();
  }

  /** What a process resumes at start: grants a stopped process left unfinished, on its platform, in any tenant. */
  @Test
  void badgesBeingGranted_listsThePlatformsUnfinishedGrants_ofEveryTenant_oldestFirst() {
    BadgeAward newer = new BadgeAward(member(GUILD, "ada"), PACK, PACK, THIS_WEEK.plusSeconds(20),
        GrantStatus.BEING_GRANTED);
    BadgeAward older = new BadgeAward(member(OTHER_GUILD, "bob"), PACK, PACK, THIS_WEEK.plusSeconds(10),
        GrantStatus.BEING_GRANTED);
    store.saveBadge(newer);
    store.saveBadge(older);
    store.saveBadge(new BadgeAward(member(GUILD, "cy"), PACK, "Warmup Master", THIS_WEEK,
        new GrantStatus.Pending("no Manage Roles permission", "give the bot Manage Roles")));
    store.saveBadge(new BadgeAward(member(GUILD, "dee"), PACK, "Warmup Master", THIS_WEEK, new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(member(WORKSPACE, "eve"), PACK, PACK, THIS_WEEK, GrantStatus.BEING_GRANTED));

    assertThat(store.badgesBeingGranted(Platform.DISCORD)).containsExactly(older, newer);
    assertThat(store.badgesBeingGranted(Platform.SLACK)).extracting(award -> award.player().userId())
        .containsExactly("eve");

    store.saveBadge(older.withStatus(new GrantStatus.Granted()));
    assertThat(store.badgesBeingGranted(Platform.DISCORD)).containsExactly(newer);
  }

  // --- settings --------------------------------------------------------------------------------------------

  @Test
  void settings_ofAnUnknownTenant_areTheDefaults() {
    assertThat(store.settings(GUILD)).isEqualTo(TenantSettings.DEFAULT);
  }

  @Test
  void settings_roundTrip_andAreReplacedWhole_perTenant() {
    TenantSettings first =
        new TenantSettings(Map.of(PACK, "role-1", OTHER_PACK, "role-2"), "chan-9", Set.of("chan-1", "chan-2"), 1.5);
    store.saveSettings(GUILD, first);
    assertThat(store.settings(GUILD)).isEqualTo(first);

    TenantSettings second = new TenantSettings(Map.of(PACK, "role-3"), null, Set.of(), 2.25);
    store.saveSettings(GUILD, second);
    assertThat(store.settings(GUILD)).isEqualTo(second);
    assertThat(store.settings(WORKSPACE)).isEqualTo(TenantSettings.DEFAULT);
  }

  // --- session snapshots -----------------------------------------------------------------------------------

  protected static SessionSnapshot snapshot(Player player, String runId, int index) {
    List<QuestionResult> done = new ArrayList<>();
    for (int i = 0; i < index; i++) {
      done.add(new QuestionResult("q" + i, "cat-" + i, i % 2 == 0, 1 + i % 2, i == 1, Duration.ofMillis(1_500 + i), 10 * i));
    }
    return new SessionSnapshot(
        player,
        runId,
        PACK,
        "sha-abc",
        -42L + index,
        1.5,
        THIS_WEEK,
        index,
        index % 2 == 0,
        index % 3,
        index == 2,
        THIS_WEEK.plusSeconds(60L * index),
        THIS_WEEK.plusSeconds(60L * index + 120),
        done);
  }

  private static final SessionScope CHAT = SessionScope.of(Set.of(Platform.DISCORD, Platform.SLACK));

  @Test
  void snapshots_roundTrip_andReplaceAllDropsTheOldOnes() {
    assertThat(store.loadAll(CHAT)).isEmpty();
    SessionSnapshot a = snapshot(member(GUILD, "ada"), "run-a", 0);
    SessionSnapshot b = snapshot(member(WORKSPACE, "bob"), "run-b", 3);
    store.replaceAll(CHAT, List.of(a, b));
    assertThat(store.loadAll(CHAT)).containsExactlyInAnyOrder(a, b);

    SessionSnapshot c = snapshot(member(GUILD, "cy"), "run-c", 2);
    store.replaceAll(CHAT, List.of(c));
    assertThat(store.loadAll(CHAT)).containsExactly(c);

    store.replaceAll(CHAT, List.of());
    assertThat(store.loadAll(CHAT)).isEmpty();
  }

  /**
   * Regression: a write-down deleted every snapshot, so a Discord process and a Slack process on one store dropped
   * each other's sessions every 10 s, and a restarted one resumed sessions live in the other.
   */
  @Test
  void snapshots_ofOnePlatform_areReplacedAndLoaded_withoutTouchingAnotherPlatformsOnes() {
    SessionSnapshot ada = snapshot(member(GUILD, "ada"), "run-a", 1);
    SessionSnapshot bob = snapshot(member(WORKSPACE, "bob"), "run-b", 2);
    store.replaceAll(SessionScope.of(Set.of(Platform.DISCORD)), List.of(ada));
    store.replaceAll(SessionScope.of(Set.of(Platform.SLACK)), List.of(bob));

    store.replaceAll(SessionScope.of(Set.of(Platform.DISCORD)), List.of()); // the Discord process has no live session left

    assertThat(store.loadAll(SessionScope.of(Set.of(Platform.SLACK)))).containsExactly(bob);
    assertThat(store.loadAll(SessionScope.of(Set.of(Platform.DISCORD)))).isEmpty();
    store.replaceAll(SessionScope.of(Set.of(Platform.DISCORD)), List.of(ada));
    assertThat(store.loadAll(SessionScope.of(Set.of(Platform.DISCORD)))).containsExactly(ada);
    assertThat(store.loadAll(SessionScope.of(Set.of()))).isEmpty();
  }

  /** Discord split by shard over processes: each replaces and resumes the sessions of its own guilds. */
  @Test
  void snapshots_ofOneProcesssGuilds_areReplacedAndLoaded_withoutTouchingTheOtherGuildsOnes() {
    SessionScope firstGuild = new SessionScope(Set.of(Platform.DISCORD), GUILD::equals);
    SessionScope otherGuild = new SessionScope(Set.of(Platform.DISCORD), OTHER_GUILD::equals);
    SessionSnapshot ada = snapshot(member(GUILD, "ada"), "run-a", 1);
    SessionSnapshot bob = snapshot(member(OTHER_GUILD, "bob"), "run-b", 2);
    store.replaceAll(firstGuild, List.of(ada));
    store.replaceAll(otherGuild, List.of(bob));

    store.replaceAll(firstGuild, List.of());

    assertThat(store.loadAll(otherGuild)).containsExactly(bob);
    assertThat(store.loadAll(firstGuild)).isEmpty();
  }

  @Test
  void replaceAll_refusesASnapshotOfAPlatformItDoesNotReplace() {
    SessionSnapshot bob = snapshot(member(WORKSPACE, "bob"), "run-b", 0);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.replaceAll(SessionScope.of(Set.of(Platform.DISCORD)), List.of(bob)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run-b")
        .hasMessageContaining("SLACK");
    assertThat(store.loadAll(CHAT)).isEmpty();
  }

  // --- concurrency -----------------------------------------------------------------------------------------

  @Test
  void concurrentSaves_fromSeveralThreads_keepEveryRunOnce_andTheBestOfEach() throws Exception {
    int threads = 4;
    int runsPerThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < runsPerThread; i++) {
                    // Threads 0 and 1 (and 2 and 3) save the same runs, racing on each run id, for the
                    // same 8 members; each thread also saves each run twice.
                    int pair = thread / 2;
                    FinishedRun run =
                        run("p" + pair + "-" + i, member(GUILD, "u" + (i % 8)), PACK, pair * 1000 + i, 60, THIS_WEEK.plusSeconds(i));
                    store.save(run);
                    store.save(run);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    int total = 0;
    for (int u = 0; u < 8; u++) {
      total += store.runs(member(GUILD, "u" + u)).size();
    }
    assertThat(total).isEqualTo(threads / 2 * runsPerThread);
    List<Ranked> board = store.top(GUILD, PACK, null, 0, 10);
    assertThat(board).hasSize(8);
    // The best run of u7 is pair 1's 39th (1039), of u0 pair 1's 32nd (1032).
    assertThat(board.get(0)).extracting(Ranked::userId, Ranked::score).containsExactly("u7", 1039);
    assertThat(board.get(7)).extracting(Ranked::userId, Ranked::score).containsExactly("u0", 1032);
    assertThat(users(store.top(GUILD, PACK, THIS_WEEK, 0, 10))).isEqualTo(users(board));
  }
}
