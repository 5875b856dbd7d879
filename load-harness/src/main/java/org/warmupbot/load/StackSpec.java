package org.warmupbot.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which stack to build and where its fake platform is: everything a stack needs from the process that runs the
 * fakes, so the same stack can be built in that process or in a child JVM ({@link StackMain}) from the
 * arguments {@link #toArgs} gives.
 *
 * @param platform "discord" or "slack"
 * @param stack "ours" or "ack-only"
 * @param platformUrl the fake Discord's REST base URL, or the fake Slack Web API's methods URL
 * @param packs ours: the challenge packs' directory
 * @param sqliteFile ours: the SQLite file (the same file for every phase of a platform, as in one process)
 * @param snapshots ours: whether the 10-second session snapshot chore runs
 * @param badgeGroup ours: the Discord role or Slack user group every pack's badge stands for
 */
record StackSpec(String platform, String stack, String platformUrl, Path packs, Path sqliteFile, boolean snapshots,
    String badgeGroup) {
  StackSpec {
    if (!platform.equals("discord") && !platform.equals("slack")) {
      throw new IllegalArgumentException("platform must be discord or slack, got " + platform);
    }
    if (!stack.equals("ours") && !stack.equals("ack-only")) {
      throw new IllegalArgumentException("stack must be ours or ack-only, got " + stack);
    }
    if (platformUrl.isBlank()) {
      throw new IllegalArgumentException("platformUrl must not be blank");
    }
  }

  static StackSpec ackOnly(String platform, String platformUrl) {
    return new StackSpec(platform, "ack-only", platformUrl, Path.of("."), Path.of("unused.db"), false, "-");
  }

  boolean ours() {
    return stack.equals("ours");
  }

  /** E.g. "discord ours". */
  String label() {
    return platform + " " + stack;
  }

  List<String> toArgs() {
    return List.of("--platform", platform, "--stack", stack, "--url", platformUrl, "--packs", packs.toString(),
        "--sqlite", sqliteFile.toString(), "--snapshots", snapshots ? "on" : "off", "--badge-group", badgeGroup);
  }

  /** The inverse of {@link #toArgs}; names the missing option. */
  static StackSpec fromArgs(String[] args) {
    Map<String, String> options = LoadMain.options(args);
    return new StackSpec(required(options, "platform"), required(options, "stack"), required(options, "url"),
        Path.of(required(options, "packs")), Path.of(required(options, "sqlite")),
        !"off".equals(required(options, "snapshots")), required(options, "badge-group"));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name + " (got " + options.keySet() + ")");
    }
    return value;
  }
}
