package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class CommandTest {

  @Test
  void everyCommand_roundTripsThroughItsActionId() {
    List<Command> commands =
        List.of(
            new Command.Open("warmup-mastery"),
            new Command.Begin("warmup-mastery"),
            new Command.Resume(),
            new Command.Restart("warmup-mastery"),
            new Command.Choose("why-warmup", "b"),
            new Command.Hint("why-warmup"),
            new Command.Next("why-warmup"),
            new Command.Abandon());
    for (Command command : commands) {
      assertThat(Command.parse(command.actionId())).contains(command);
    }
    assertThat(Command.typed("type:steps", "10")).contains(new Command.Type("steps", "10"));
  }

  @Test
  void malformedIds_areRefused() {
    assertThat(Command.parse("choose:q1")).isEmpty();
    assertThat(Command.parse("choose:Q1:a")).isEmpty();
    assertThat(Command.parse("choose:-q:a")).isEmpty();
    assertThat(Command.parse("hint:" + "x".repeat(33))).isEmpty();
    assertThat(Command.parse("launch:q1")).isEmpty();
    assertThat(Command.parse("")).isEmpty();
    assertThat(Command.typed("hint:q1", "10")).isEmpty();
  }

  @Test
  void handWrittenIdCheck_agreesWithThePattern() {
    for (String candidate : List.of("a", "a-b", "9", "-a", "A", "a_b", "", "x".repeat(32), "x".repeat(33), "é")) {
      assertThat(Command.isId(candidate)).as(candidate).isEqualTo(Command.ID.matcher(candidate).matches());
    }
  }
}
