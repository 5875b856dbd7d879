package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.BoardAction;
import org.warmupbot.core.board.Period;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Step;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.View;
import org.warmupbot.slack.testing.BlockKitLimits;

/** No view breaks a Block Kit limit, for a pack at the validator's maxima and boards far longer than a page. */
final class BlockKitLimitsTest {
  private static final Gson GSON = GsonFactory.createSnakeCase();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackViews views = new SlackViews();
  private final String metadata =
      new ModalMetadata("U0MEMBER", "C0STUDY", "longest-pack-id-of-thirty-two-ch", true).encode();

  @Test
  void everyScreenOfTheLongestPack_fitsAModal() throws Exception {
    ChallengePack pack = TestPacks.longest();
    MutableClock clock = MutableClock.atMondayMorning();
    ChallengeEngine engine = ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
        .scheduler(Scheduler.disabledScheduler()).executor(Runnable::run).build();
    Player player = new Player(Platform.SLACK, "T1", "U0MEMBER");
    List<View> screens = new ArrayList<>();
    screens.add(engine.handle(player, new Command.Open(pack.id()), null).view());
    screens.add(engine.handle(player, new Command.Begin(pack.id()), null).view());
    screens.add(engine.handle(player, new Command.Open(pack.id()), null).view());
    String first = pack.question(0).id();
    screens.add(engine.handle(player, new Command.Hint(first), null).view());
    screens.add(engine.handle(player, new Command.Choose(first, "choice-1"), null).view());
    for (int wrong = 2; wrong <= 4; wrong++) { // each wrong choice once (again would be refused), then the right one
      screens.add(engine.handle(player, new Command.Choose(first, "choice-" + wrong), null).view());
    }
    screens.add(engine.handle(player, new Command.Choose(first, "choice-0"), null).view());
    screens.add(engine.handle(player, new Command.Next(first), null).view());
    clock.advance(Duration.ofMinutes(16));
    engine.expireDueSessions();
    Step late = engine.handle(player, new Command.Choose(pack.question(1).id(), "choice-0"), null);
    screens.add(late.view());
    for (int i = 1; i < pack.size(); i++) {
      screens.add(engine.handle(player, new Command.Next(pack.question(i).id()), null).view());
      if (i + 1 < pack.size()) {
        screens.add(engine.handle(player, new Command.Choose(pack.question(i + 1).id(), "choice-0"), null).view());
      }
    }
    assertThat(screens).extracting(View::screen).contains(
        View.Screen.INTRO, View.Screen.QUESTION, View.Screen.LIVE_SESSION_FOUND, View.Screen.FEEDBACK,
        View.Screen.TIMES_UP, View.Screen.SUMMARY);

    for (View screen : screens) {
      JsonNode modal = JSON.readTree(GSON.toJson(views.modal(screen, metadata)));
      assertThat(BlockKitLimits.checkView(modal)).as("%s: %s", screen.screen(), screen.title()).isEmpty();
      if (screen.screen() == View.Screen.QUESTION) {
        assertThat(modal.toString()).as("the prompt reaches the member").contains("P".repeat(100));
      }
    }
  }

  @Test
  void longTextIsSplitNotCut_soTheWholeCodeListingReachesTheMember() throws Exception {
    String code = "if a < b && c > d:\n".repeat(400);
    View view = new View(View.Screen.QUESTION, "T", List.of(new Block.CodeListing("python", code)), List.of(),
        List.of());
    JsonNode modal = JSON.readTree(GSON.toJson(views.modal(view, metadata)));

    assertThat(BlockKitLimits.checkView(modal)).isEmpty();
    StringBuilder shown = new StringBuilder();
    for (JsonNode block : modal.path("blocks")) {
      shown.append(block.path("text").path("text").asText());
    }
    assertThat(shown.toString().split("&lt;", -1)).hasSize(401);
  }

  @Test
  void homeTabAndEphemeralBoard_stayWithinLimits_withHundredsOfRanksAndPendingBadges() throws Exception {
    InMemoryStore store = new InMemoryStore();
    Player viewer = new Player(Platform.SLACK, "T1", "U0VIEWER");
    for (int i = 0; i < 60; i++) {
      store.saveBadge(new BadgeAward(new Player(Platform.SLACK, "T1", "U" + i), "p" + i, "B".repeat(80),
          java.time.Instant.EPOCH, new GrantStatus.Pending("R".repeat(300), "F".repeat(400))));
    }
    List<Block> lines = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      lines.add(new Block.RankLine(i, "U" + i, 1000 - i, Duration.ofSeconds(i), i == 400));
    }
    List<Action> paging = List.of(
        new Action(new BoardAction(Period.WEEK, "pack-0", 2).actionId(), "Next", Action.Kind.NAVIGATE),
        new Action(new BoardAction(Period.WEEK, "pack-0", 2).actionId(), "My page", Action.Kind.NAVIGATE),
        new Action(new BoardAction(Period.ALL_TIME, "pack-0", 1).actionId(), "All time", Action.Kind.NAVIGATE));
    View board = new View(View.Screen.LEADERBOARD, "This week", lines, List.of(), paging);
    Boards boards = new Boards() {
      @Override
      public View board(Player who, BoardAction page) {
        return board;
      }

      @Override
      public View profile(Player player) {
        return new View(View.Screen.PROFILE, "P".repeat(200), List.of(new Block.Text("x".repeat(9000))),
            List.of(), List.of());
      }
    };
    ChallengePack[] packs = new ChallengePack[30];
    for (int i = 0; i < packs.length; i++) {
      ChallengePack longest = TestPacks.longest();
      packs[i] = new ChallengePack("pack-" + i, longest.title(), longest.tagline(), longest.badge(),
          longest.scoring(), longest.questions(), longest.version());
    }
    HomeTab home =
        new HomeTab(null, null, TestPacks.catalogOf(packs), store, boards, null, views, null, null, null, null);

    List<LayoutBlock> blocks = home.blocks(viewer, true);
    JsonNode homeView = JSON.readTree(GSON.toJson(views.home(blocks)));
    assertThat(BlockKitLimits.checkView(homeView)).isEmpty();
    assertThat(homeView.toString()).contains("← *you*")
        .contains("…and 5 more packs: `/warmup help` lists them all"); // review 11: 25 buttons, the rest unsaid

    JsonNode message = JSON.readTree(GSON.toJson(views.message(board)));
    assertThat(BlockKitLimits.checkBlocks(message, BlockKitLimits.Surface.MESSAGE, "blocks")).isEmpty();
  }

  @Test
  void ephemeralBoardWithPageButtons_staysWithinAMessagesLimits_withHundredsOfRanksOnBothBoards() throws Exception {
    List<Block> lines = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      lines.add(new Block.RankLine(i, "U" + i, 1000 - i, Duration.ofSeconds(i), i == 400));
    }
    Boards boards = new Boards() {
      @Override
      public View board(Player who, BoardAction page) {
        Period other = page.period() == Period.WEEK ? Period.ALL_TIME : Period.WEEK;
        List<Action> paging = List.of(
            new Action(new BoardAction(page.period(), page.packId(), 41).actionId(), "Previous", Action.Kind.NAVIGATE),
            new Action(new BoardAction(page.period(), page.packId(), 40).actionId(), "My page", Action.Kind.NAVIGATE),
            new Action(new BoardAction(page.period(), page.packId(), 43).actionId(), "Next", Action.Kind.NAVIGATE),
            new Action(new BoardAction(other, page.packId(), 1).actionId(), "Other", Action.Kind.NAVIGATE));
        return new View(View.Screen.LEADERBOARD, "L".repeat(600), lines, List.of(), paging);
      }

      @Override
      public View profile(Player player) {
        throw new AssertionError("not shown");
      }
    };
    ChallengePack longest = TestPacks.longest();
    BoardMessages messages = new BoardMessages(TestPacks.catalogOf(longest), boards, views);
    Player viewer = new Player(Platform.SLACK, "T1", "U0VIEWER");

    BoardMessages.Message message =
        messages.show(viewer, longest.id(), new BoardMessages.Pages("U0VIEWER", 42, 42));

    JsonNode blocks = JSON.readTree(GSON.toJson(message.blocks()));
    assertThat(BlockKitLimits.checkBlocks(blocks, BlockKitLimits.Surface.MESSAGE, "blocks")).isEmpty();
    List<String> labels = new ArrayList<>();
    for (JsonNode block : blocks) {
      for (JsonNode button : block.path("elements")) {
        if ("button".equals(button.path("type").asText())) {
          labels.add(button.path("text").path("text").asText());
          assertThat(BoardMessages.Pages.decode(button.path("value").asText()))
              .contains(new BoardMessages.Pages("U0VIEWER", 42, 42));
        }
      }
    }
    assertThat(labels).containsExactly("Previous", "My page", "Next", "Previous", "My page", "Next");
  }

  @Test
  void theFakeRefusesWhatSlackWould() throws Exception {
    List<LayoutBlock> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(SlackViews.section("x"));
    }
    JsonNode modal = JSON.readTree(GSON.toJson(com.slack.api.model.view.View.builder().type("modal")
        .title(com.slack.api.model.view.ViewTitle.builder().type("plain_text").text("A title longer than 24 chars").build())
        .privateMetadata("m".repeat(3001)).blocks(tooMany).build()));

    assertThat(String.join("\n", BlockKitLimits.checkView(modal)))
        .contains("no more than 100 items")
        .contains("view.title.text must be no longer than 24")
        .contains("private_metadata must be no longer than 3000");
  }
}
