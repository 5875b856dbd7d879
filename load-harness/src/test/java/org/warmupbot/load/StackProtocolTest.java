package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class StackProtocolTest {
  @Test
  void readyLine_roundTripsItsPort() {
    assertThat(StackProtocol.parseReady(StackProtocol.ready(8123))).isEqualTo(8123);
    assertThat(StackProtocol.parseReady(StackProtocol.ready(0))).isZero();
    assertThat(StackProtocol.parseReady("READY port=443\n")).isEqualTo(443);
  }

  @Test
  void parseReady_saysMinusOneForAnyOtherLine() {
    assertThat(StackProtocol.parseReady("15:40:01 WARN  JDA - READY port=1")).isEqualTo(-1);
    assertThat(StackProtocol.parseReady("READY port=")).isEqualTo(-1);
    assertThat(StackProtocol.parseReady("READY port=99999")).isEqualTo(-1);
    assertThat(StackProtocol.parseReady("WINDOW gc=1/2/3")).isEqualTo(-1);
  }

  @Test
  void ready_refusesAPortOutOfRange() {
    assertThatThrownBy(() -> StackProtocol.ready(65_536)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void windowLine_roundTripsThePausesAndCpuTime() {
    StackProtocol.Window window = new StackProtocol.Window(new StackProtocol.Pauses(41, 380, 31), 9120);
    assertThat(StackProtocol.window(window)).isEqualTo("WINDOW gc=41/380/31 cpu=9120");
    assertThat(StackProtocol.parseWindow(StackProtocol.window(window))).isEqualTo(window);
    assertThat(window.pauses().summary()).isEqualTo("41 / 380 / 31");
  }

  @Test
  void parseWindow_isNullForOtherOrMalformedLines() {
    assertThat(StackProtocol.parseWindow("STATS warnings=0")).isNull();
    assertThat(StackProtocol.parseWindow("WINDOW gc=1/2 cpu=3")).isNull();
    assertThat(StackProtocol.parseWindow("WINDOW gc=1/2/3")).isNull();
    assertThat(StackProtocol.parseWindow("WINDOW gc=-1/2/3 cpu=4")).isNull();
    assertThat(StackProtocol.parseWindow("WINDOW gc=99999999999999999999/2/3 cpu=4")).isNull();
  }

  @Test
  void statsLine_roundTripsWarningsAndFreeText() {
    StackProtocol.Stats stats = new StackProtocol.Stats(3,
        "1 session snapshots, longest 5 ms; shed since start: 0 view calls replaced by newer");
    assertThat(StackProtocol.parseStats(StackProtocol.stats(stats))).isEqualTo(stats);
    StackProtocol.Stats empty = new StackProtocol.Stats(0, "");
    assertThat(StackProtocol.stats(empty)).isEqualTo("STATS warnings=0");
    assertThat(StackProtocol.parseStats(StackProtocol.stats(empty))).isEqualTo(empty);
  }

  @Test
  void parseStats_isNullForOtherLines() {
    assertThat(StackProtocol.parseStats("READY port=1")).isNull();
    assertThat(StackProtocol.parseStats("STATS warnings=x text")).isNull();
  }

  @Test
  void stats_refusesTextOfMoreThanOneLine() {
    assertThatThrownBy(() -> new StackProtocol.Stats(0, "a\nb")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one line");
  }
}
