package org.warmupbot.core.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.Badge;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Difficulty;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.pack.Scoring;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;

final class LeaderboardsTest {

  private static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild-1");
  private static final String PACK = "warmup-mastery";
  /** Wednesday 5 March 2025, 12:00 UTC; the ISO week began on Monday 3 March. */
  private static final Instant NOW = Instant.parse("2025-03-05T12:00:00Z");

  private static final Instant MONDAY = Instant.parse("2025-03-03T00:00:00Z");

  private final InMemoryStore store = new InMemoryStore();
  private final Leaderboards boards = new Leaderboards(store, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

  private static Player member(String userId) {
    return Player.of(GUILD, userId);
  }

  private void save(String runId, String userId, int score, Instant finishedAt, QuestionResult... questions) {
    store.save(
        new FinishedRun(
            runId, member(userId), PACK, "v1", List.of(questions), score, Duration.ofSeconds(100), finishedAt, false));
  }

  /** Members u01..uNN, u01 best. */
  private void fill(int members) {
    for (int i = 1; i <= members; i++) {
      save("r" + i, String.format("u%02d", i), 1000 - i, MONDAY.plusSeconds(i));
    }
  }

  private static List<Block.RankLine> rankLines(View view) {
    return view.body().stream().filter(Block.RankLine.class::isInstance).map(Block.RankLine.class::cast).toList();
  }

  private static List<String> texts(View view) {
    return view.body().stream().filter(Block.Text.class::isInstance).map(b -> ((Block.Text) b).text()).toList();
  }

  private static Map<String, String> navigation(View view) {
    return view.actions(Action.Kind.NAVIGATE).stream()
        .collect(java.util.stream.Collectors.toMap(Action::label, Action::id));
  }

  @Test
  void firstPage_listsTenRankLines_andMarksTheViewerOnIt() {
    fill(25);

    View view = boards.board(GUILD, member("u03"), PACK, Period.ALL_TIME, 1);

    assertThat(view.screen()).isEqualTo(View.Screen.LEADERBOARD);
    List<Block.RankLine> lines = rankLines(view);
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0)).isEqualTo(new Block.RankLine(1, "u01", 999, Duration.ofSeconds(100), false));
    assertThat(lines).filteredOn(Block.RankLine::viewer).extracting(Block.RankLine::userId).containsExactly("u03");
    assertThat(texts(view)).contains("Page 1 of 3 · 25 members");
    assertThat(navigation(view))
        .containsOnly(
            Map.entry("Next", "board:all:warmup-mastery:2"), Map.entry("This week", "board:week:warmup-mastery:1"));
  }

  @Test
  void viewerBelowThePage_getsTheirLine_betweenTheMembersJustAboveAndBelow() {
    fill(25);

    View view = boards.board(GUILD, member("u17"), PACK, Period.ALL_TIME, 1);

    List<Block.RankLine> lines = rankLines(view);
    assertThat(lines).hasSize(13);
    assertThat(lines.subList(10, 13))
        .extracting(Block.RankLine::rank, Block.RankLine::userId, Block.RankLine::viewer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(16, "u16", false),
            org.assertj.core.groups.Tuple.tuple(17, "u17", true),
            org.assertj.core.groups.Tuple.tuple(18, "u18", false));
    assertThat(texts(view)).contains("Your place");
    assertThat(navigation(view)).containsEntry("My page", "board:all:warmup-mastery:me");
    BoardAction myPage = BoardAction.parse(navigation(view).get("My page")).orElseThrow();
    assertThat(boards.pageOf(member("u17"), myPage)).isEqualTo(2);
    assertThat(boards.pageOf(member("u25"), myPage)).as("the same button, pressed by another member").isEqualTo(3);
    assertThat(boards.pageOf(member("nobody"), myPage)).as("a member with no run").isEqualTo(1);
  }

  @Test
  void lastMember_getsOnlyTheMemberAbove_andTheFirstOnlyTheOneBelow() {
    fill(25);

    assertThat(rankLines(boards.board(GUILD, member("u25"), PACK, Period.ALL_TIME, 1)).subList(10, 12))
        .extracting(Block.RankLine::userId)
        .containsExactly("u24", "u25");
    assertThat(rankLines(boards.board(GUILD, member("u01"), PACK, Period.ALL_TIME, 3)).subList(5, 7))
        .extracting(Block.RankLine::userId)
        .containsExactly("u01", "u02");
  }

  @Test
  void viewerTiedWithOthers_isFoundInTheTieGroup() {
    for (int i = 0; i < 15; i++) {
      save("t" + i, String.format("t%02d", i), 500, MONDAY, new QuestionResult[0]);
    }
    save("top", "ace", 900, MONDAY);

    View view = boards.board(GUILD, member("t13"), PACK, Period.ALL_TIME, 1);

    assertThat(rankLines(view).subList(10, 13))
        .extracting(Block.RankLine::userId, Block.RankLine::rank)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t12", 2),
            org.assertj.core.groups.Tuple.tuple("t13", 2),
            org.assertj.core.groups.Tuple.tuple("t14", 2));
    // Review 10: listed 14th, on page 2, though the tie's rank (2) is on page 1; "My page" led back to page 1.
    View mine = boards.board(member("t13"), BoardAction.parse(navigation(view).get("My page")).orElseThrow());
    assertThat(texts(mine)).contains("Page 2 of 2 · 16 members").doesNotContain("Your place");
    assertThat(rankLines(mine)).filteredOn(Block.RankLine::viewer).extracting(Block.RankLine::userId)
        .containsExactly("t13");
  }

  @Test
  void middlePage_offersPreviousAndNext_whoseIdsParseBack() {
    fill(25);

    View view = boards.board(GUILD, member("u05"), PACK, Period.WEEK, 2);

    assertThat(rankLines(view).get(0).rank()).isEqualTo(11);
    Map<String, String> navigation = navigation(view);
    assertThat(navigation.keySet()).containsExactlyInAnyOrder("Previous", "My page", "Next", "All time");
    assertThat(BoardAction.parse(navigation.get("Next"))).hasValue(new BoardAction(Period.WEEK, PACK, 3));
    assertThat(BoardAction.parse(navigation.get("Previous"))).hasValue(new BoardAction(Period.WEEK, PACK, 1));
    assertThat(boards.board(member("u05"), BoardAction.parse(navigation.get("Next")).orElseThrow()))
        .extracting(v -> rankLines(v).get(0).rank())
        .isEqualTo(21);
  }

  @Test
  void pagePastTheEnd_showsTheLastPage() {
    fill(25);

    View view = boards.board(GUILD, member("u01"), PACK, Period.ALL_TIME, 40);

    assertThat(rankLines(view).get(0).rank()).isEqualTo(21);
    assertThat(texts(view)).contains("Page 3 of 3 · 25 members");
    assertThat(navigation(view)).doesNotContainKey("Next");
  }

  @Test
  void weekBoard_ranksRunsSinceMondayInTheZone_allTimeRanksEveryRun() {
    save("old", "ada", 900, MONDAY.minusSeconds(1));
    save("new", "bob", 100, MONDAY);

    assertThat(rankLines(boards.board(GUILD, member("bob"), PACK, Period.WEEK, 1)))
        .extracting(Block.RankLine::userId)
        .containsExactly("bob");
    assertThat(rankLines(boards.board(GUILD, member("bob"), PACK, Period.ALL_TIME, 1)))
        .extracting(Block.RankLine::userId)
        .containsExactly("ada", "bob");

    // In Auckland (UTC+13) the week began on Sunday 2 March at 11:00 UTC, so ada's run counts there.
    Leaderboards auckland =
        new Leaderboards(store, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Pacific/Auckland"));
    assertThat(auckland.weekStart()).isEqualTo(Instant.parse("2025-03-02T11:00:00Z"));
    assertThat(rankLines(auckland.board(GUILD, member("bob"), PACK, Period.WEEK, 1))).hasSize(2);
  }

  @Test
  void emptyBoard_andViewerWithoutARun_saySo() {
    View empty = boards.board(GUILD, member("ada"), PACK, Period.WEEK, 1);
    assertThat(rankLines(empty)).isEmpty();
    assertThat(texts(empty)).containsExactly("No finished runs this week yet. Finish a run to top the board.");
    assertThat(texts(boards.board(GUILD, member("u01"), PACK, Period.ALL_TIME, 1)))
        .as("review 10: it read 'No finished runs all time yet'")
        .containsExactly("No finished runs yet. Finish a run to top the board.");

    fill(3);
    assertThat(texts(boards.board(GUILD, member("ada"), PACK, Period.WEEK, 1)))
        .contains("You have no run on this board this week.");
  }

  @Test
  void viewerOfAnotherTenant_isRefused() {
    Player stranger = Player.of(new Tenant(Platform.SLACK, "T1"), "ada");
    assertThatThrownBy(() -> boards.board(GUILD, stranger, PACK, Period.WEEK, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ada");
  }

  // --- profile ---------------------------------------------------------------------------------------------

  private static ChallengePack pack(String id, String title) {
    Question question =
        new Question(
            "q1",
            "java",
            Difficulty.BEGINNER,
            "Title",
            "Prompt?",
            null,
            new Answer.SingleChoice(List.of(new Choice("a", "A", true), new Choice("b", "B", false))),
            "hint",
            "because",
            Duration.ofMinutes(2),
            2);
    return new ChallengePack(
        id, title, "tagline", new Badge("Warmup Master", "🏅", "Answer all right"), Scoring.DEFAULT, List.of(question), "v1");
  }

  private static final ChallengeCatalog CATALOG =
      new ChallengeCatalog() {
        private final List<ChallengePack> packs = List.of(pack(PACK, "Warmup Mastery"));

        @Override
        public Optional<ChallengePack> find(String packId) {
          return packs.stream().filter(p -> p.id().equals(packId)).findFirst();
        }

        @Override
        public List<ChallengePack> all() {
          return packs;
        }
      };

  private static QuestionResult answer(String category, boolean correct) {
    return new QuestionResult("q", category, correct, 1, false, Duration.ofSeconds(10), correct ? 50 : 0);
  }

  @Test
  void profile_showsRunsStreaksBadgesBestScoresAndCategoryRates() {
    Player ada = member("ada");
    // Days with runs: 25, 26 Feb (2 in a row), then 2, 3, 4 Mar (3 in a row, ending yesterday).
    save("a1", "ada", 300, Instant.parse("2025-02-25T09:00:00Z"), answer("java", true), answer("sql", false));
    save("a2", "ada", 450, Instant.parse("2025-02-26T09:00:00Z"), answer("java", true), answer("sql", true));
    save("a3", "ada", 450, Instant.parse("2025-03-02T09:00:00Z"), answer("java", false));
    save("a4", "ada", 200, Instant.parse("2025-03-03T09:00:00Z"));
    save("a5", "ada", 100, Instant.parse("2025-03-04T23:59:59Z"));
    store.save(
        new FinishedRun("s1", ada, "retired-pack", "v1", List.of(), 80, Duration.ofSeconds(3725), Instant.parse("2025-03-04T10:00:00Z"), false));
    store.saveBadge(new BadgeAward(ada, PACK, "Warmup Master", NOW, new GrantStatus.Pending("role too high", "move the bot role up")));

    View view = boards.profile(ada, CATALOG);

    assertThat(view.screen()).isEqualTo(View.Screen.PROFILE);
    assertThat(texts(view))
        .containsExactly(
            "Runs: 6\nDaily streak: 3 days (best 3 days)",
            "Badges\n🏅 Warmup Master (Warmup Mastery): pending: role too high (move the bot role up)",
            "Best scores\nretired-pack: 80 points in 1:02:05\nWarmup Mastery: 450 points in 1:40",
            "Right answers by category\njava: 2 of 3 (67%)\nsql: 1 of 2 (50%)");
  }

  @Test
  void profile_withoutRuns_saysSo() {
    assertThat(texts(boards.profile(member("nobody"), CATALOG))).containsExactly("No finished runs yet.");
  }

  @Test
  void streak_countsDaysInTheZone_andBreaksAfterAMissedDay() {
    ZoneId paris = ZoneId.of("Europe/Paris"); // UTC+1 in winter
    List<FinishedRun> runs =
        List.of(
            run(Instant.parse("2025-03-01T23:30:00Z")), // 2 March in Paris
            run(Instant.parse("2025-03-03T08:00:00Z")),
            run(Instant.parse("2025-03-04T22:59:00Z")), // still 4 March in Paris
            run(Instant.parse("2025-03-05T08:00:00Z")));

    ProfileStats inParis = ProfileStats.of(runs, java.time.LocalDate.parse("2025-03-05"), paris);
    assertThat(inParis.currentStreak()).isEqualTo(4);
    assertThat(inParis.bestStreak()).isEqualTo(4);

    ProfileStats inUtc = ProfileStats.of(runs, java.time.LocalDate.parse("2025-03-05"), ZoneOffset.UTC);
    assertThat(inUtc.currentStreak()).isEqualTo(3);
    assertThat(inUtc.bestStreak()).isEqualTo(3);

    ProfileStats twoDaysLater = ProfileStats.of(runs, java.time.LocalDate.parse("2025-03-07"), paris);
    assertThat(twoDaysLater.currentStreak()).isZero();
    assertThat(twoDaysLater.bestStreak()).isEqualTo(4);
  }

  private static FinishedRun run(Instant finishedAt) {
    return new FinishedRun("r" + finishedAt, member("ada"), PACK, "v1", List.of(), 10, Duration.ofSeconds(5), finishedAt, false);
  }
}
