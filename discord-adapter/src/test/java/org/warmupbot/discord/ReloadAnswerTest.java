package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.PackReloader;

/** How a reload's message is fitted into one Discord message. */
final class ReloadAnswerTest {

  @Test
  void messageThatFits_isShownWhole_withMarkdownEscaped() {
    String answer = AdminCommands.reloadAnswer(new PackReloader.Result(true, "Reloaded *fresh* packs: pack_one"), 2000);

    assertThat(answer).isEqualTo("Reloaded \\*fresh\\* packs: pack_one");
  }

  @Test
  void refusalWithAFirstLineLongerThanTheLimit_isCutAndTheOtherLinesCounted() {
    String answer = AdminCommands.reloadAnswer(
        new PackReloader.Result(false, "x".repeat(3000) + "\nsecond\nthird"), 200);

    assertThat(answer).hasSizeLessThanOrEqualTo(200).startsWith("xxx")
        .endsWith("…\n… and 2 more problems (the bot's log has them all).");
  }

  @Test
  void manyLines_keepWholeLinesUpToTheLimit() {
    String answer = AdminCommands.reloadAnswer(
        new PackReloader.Result(false, "line one\n" + "a problem line\n".repeat(100)), 120);

    assertThat(answer).hasSizeLessThanOrEqualTo(120).startsWith("line one\na problem line\n")
        .doesNotContain("a problem line\n…\n").containsPattern("\n… and \\d+ more problems");
  }
}
