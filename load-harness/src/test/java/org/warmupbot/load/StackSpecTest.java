package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class StackSpecTest {
  @Test
  void argsRoundTrip_givesTheSameSpec() {
    StackSpec ours = new StackSpec("slack", "ours", "http://127.0.0.1:4242/api/", Path.of("config/challenges"),
        Path.of("/tmp/warmup-load-1/warmup.db"), false, "S0BADGE");
    assertThat(StackSpec.fromArgs(ours.toArgs().toArray(String[]::new))).isEqualTo(ours);
    StackSpec ack = StackSpec.ackOnly("discord", "http://127.0.0.1:4343/api/v10");
    assertThat(StackSpec.fromArgs(ack.toArgs().toArray(String[]::new))).isEqualTo(ack);
    assertThat(ack.ours()).isFalse();
    assertThat(ack.label()).isEqualTo("discord ack-only");
  }

  @Test
  void fromArgs_namesTheMissingOption() {
    assertThatThrownBy(() -> StackSpec.fromArgs(new String[] {"--platform", "discord", "--stack", "ours"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--url");
  }

  @Test
  void spec_refusesAnUnknownPlatformOrStack() {
    assertThatThrownBy(() -> StackSpec.ackOnly("teams", "http://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platform");
    assertThatThrownBy(() -> new StackSpec("slack", "theirs", "http://x", Path.of("."), Path.of("a.db"), true, "g"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack");
  }
}
