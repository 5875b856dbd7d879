package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

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
}
