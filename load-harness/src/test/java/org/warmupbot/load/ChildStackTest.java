package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChildStackTest {
  @Test
  void childJvmArgs_keepHeapGcAndProperties_dropAgentsAndRecordings_addNodelayAndExtras() {
    List<String> parent = List.of("-Xmx2g", "-Xms512m", "-Xss1m", "-XX:+UseG1GC", "-Dsun.net.httpserver.nodelay=true",
        "-Dwarmup.x=1", "-XX:StartFlightRecording=filename=a.jfr", "-XX:FlightRecorderOptions=stackdepth=96",
        "-agentlib:jdwp=transport=dt_socket", "-javaagent:x.jar", "-ea");

    assertThat(ChildStack.childJvmArgs(parent, List.of("-XX:StartFlightRecording=filename=child.jfr")))
        .containsExactly("-Xmx2g", "-Xms512m", "-Xss1m", "-XX:+UseG1GC", "-Dsun.net.httpserver.nodelay=true",
            "-Dwarmup.x=1", "-XX:StartFlightRecording=filename=child.jfr");
  }

  @Test
  void childJvmArgs_keepTheParentsCollectorUnlessTheExtraFlagsChooseOne() {
    List<String> parent = List.of("-XX:+UseZGC", "-Xmx1g");

    assertThat(ChildStack.childJvmArgs(parent, List.of()))
        .containsExactly("-XX:+UseZGC", "-Xmx1g", ChildStack.NODELAY);
    assertThat(ChildStack.childJvmArgs(parent, List.of("-XX:+UseG1GC")))
        .containsExactly("-Xmx1g", ChildStack.NODELAY, "-XX:+UseG1GC");
  }

  @Test
  void childJvmArgs_turnNagleOffEvenWhenTheParentDidNot() {
    assertThat(ChildStack.childJvmArgs(List.of(), List.of())).containsExactly(ChildStack.NODELAY);
  }

  @Test
  void numberedLogs_giveEachChildItsOwnFile() {
    Function<StackSpec, Path> logs = ChildStack.numberedLogs(Path.of("/tmp/logs"));
    StackSpec ack = StackSpec.ackOnly("slack", "http://127.0.0.1:1/api/");

    assertThat(logs.apply(ack)).isEqualTo(Path.of("/tmp/logs/stack-01-slack-ack-only.log"));
    assertThat(logs.apply(ack)).isEqualTo(Path.of("/tmp/logs/stack-02-slack-ack-only.log"));
  }

  @Test
  void stats_takesTheWarningsOfItsReply_andNoneWhenNoReplyCame(@TempDir Path dir) {
    // a child that speaks the protocol: READY, one STATS answer, then it exits
    String child = "echo 'READY port=0'; read -r line; echo \"$line\" >&2; echo 'STATS warnings=2 figures'; "
        + "read -r line; exit 0";
    ChildStack stack = new ChildStack(StackSpec.ackOnly("slack", "http://127.0.0.1:1/api/"),
        List.of("sh", "-c", child), dir.resolve("child.log"));
    try {
      assertThat(stack.port()).isZero();
      assertThat(stack.warnings()).isZero();

      assertThat(stack.stats()).isEqualTo("figures");
      assertThat(stack.warnings()).isEqualTo(2);

      assertThat(stack.stats()).startsWith("no figures from the child JVM");
      assertThat(stack.warnings()).as("the last reply's warnings were counted already").isZero();
    } finally {
      stack.close();
    }
  }
}
