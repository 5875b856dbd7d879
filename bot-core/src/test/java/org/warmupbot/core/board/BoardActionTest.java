package org.warmupbot.core.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class BoardActionTest {

  @Test
  void actionId_roundTripsThroughParse_forBothPeriods() {
    BoardAction week = new BoardAction(Period.WEEK, "warmup-mastery", 2);
    BoardAction allTime = new BoardAction(Period.ALL_TIME, "sql-basics", 1);

    assertThat(week.actionId()).isEqualTo("board:week:warmup-mastery:2");
    assertThat(BoardAction.parse(week.actionId())).hasValue(week);
    assertThat(BoardAction.parse(allTime.actionId())).hasValue(allTime);
  }

  @Test
  void actionId_ofTheLongestPackAndPage_fitsIn64Characters() {
    BoardAction longest = new BoardAction(Period.WEEK, "a".repeat(32), BoardAction.MAX_PAGE);

    assertThat(longest.actionId()).hasSizeLessThanOrEqualTo(64);
    assertThat(BoardAction.parse(longest.actionId())).hasValue(longest);
  }

  @Test
  void parse_refusesIdsThatAreNotBoardIds() {
    for (String id :
        new String[] {
          "board:week:warmup-mastery",
          "board:month:warmup-mastery:1",
          "board:week:Warmup:1",
          "board:week:warmup-mastery:0",
          "board:week:warmup-mastery:01",
          "board:week:warmup-mastery:100000",
          "board:week:warmup-mastery:x",
          "board:week:warmup-mastery:1:2",
          "open:warmup-mastery",
          ""
        }) {
      assertThat(BoardAction.parse(id)).as(id).isEmpty();
    }
  }

  @Test
  void theViewersPage_isItsOwnId_andParsesBack() {
    BoardAction mine = new BoardAction(Period.ALL_TIME, "warmup-mastery", BoardAction.VIEWERS_PAGE);

    assertThat(mine.actionId()).isEqualTo("board:all:warmup-mastery:me");
    assertThat(BoardAction.parse(mine.actionId())).hasValue(mine);
    assertThat(BoardAction.parse("board:all:warmup-mastery:0")).as("0 is not a page id").isEmpty();
  }

  @Test
  void constructor_namesTheBadField() {
    assertThatThrownBy(() -> new BoardAction(Period.WEEK, "Bad Pack", 1)).hasMessageContaining("packId");
    assertThatThrownBy(() -> new BoardAction(Period.WEEK, "pack", -1)).hasMessageContaining("page");
  }
}
