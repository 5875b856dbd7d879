package org.warmupbot.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.PackLoader;
import org.warmupbot.core.pack.PackProblem;
import org.warmupbot.core.pack.PackValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Checks challenge packs and prints every problem with its file, line, column and field. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check challenge packs; exits 0 when all are valid, 1 with every problem listed otherwise, 2 when "
        + "the settings naming the packs folder cannot be read.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Pack files or folders (default: the packs folder of the settings: WARMUP_PACKS or packs:, else config/challenges).")
  List<Path> paths = List.of();

  @Option(names = "--config", paramLabel = "FILE", description = "Settings file naming the packs folder (default: config/warmup-bot.yml).")
  @Nullable Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<Path> toCheck = paths;
    if (toCheck.isEmpty()) {
      // The folder the bot would serve, not a fixed one: WARMUP_PACKS or packs: may point elsewhere.
      try {
        toCheck = List.of(SettingsLoader.fromSystemEnvironment()
            .packsFolder(config != null ? config : CommonOptions.DEFAULT_CONFIG, config != null));
      } catch (SettingsLoader.InvalidSettingsException unreadable) {
        spec.commandLine().getErr().println("error: " + unreadable.getMessage());
        return 2; // not 1: no pack was checked, so none is known to be invalid
      }
    }
    int problems = 0;
    Map<String, Path> firstWithId = new HashMap<>();
    for (Path path : toCheck) {
      try {
        for (ChallengePack pack : PackLoader.load(path)) {
          Path earlier = firstWithId.putIfAbsent(pack.id(), path);
          if (earlier != null && loadedTogether(earlier, path)) {
            // Checked together, as the bot loads its folder: a new pack checked beside the folder it joins.
            spec.commandLine().getErr().printf("%s: id '%s' is also the id of a pack in %s; every pack needs an"
                + " id of its own (the bot would refuse the folder)%n", path, pack.id(), earlier);
            problems++;
            continue;
          }
          spec.commandLine().getOut().printf("ok  %s: %s (%d questions)%n", path, pack.id(), pack.size());
        }
      } catch (PackValidationException invalid) {
        for (PackProblem problem : invalid.problems()) {
          spec.commandLine().getErr().println(problem);
          problems++;
        }
      }
    }
    if (problems > 0) {
      spec.commandLine().getErr().printf("%d problem%s found.%n", problems, problems == 1 ? "" : "s");
      return 1;
    }
    return 0;
  }

  /**
   * Whether two paths given hold packs that would be loaded together, so one id in both is a clash: a file beside
   * a folder or another file. Not two folders (alternatives, such as a staging copy: the bot serves one), nor a
   * path reached twice (the same one, or a file inside a folder also given).
   */
  private static boolean loadedTogether(Path earlier, Path later) {
    Path a = real(earlier);
    Path b = real(later);
    if (Files.isDirectory(a) && Files.isDirectory(b)) {
      return false;
    }
    return !(a.equals(b) || a.startsWith(b) || b.startsWith(a));
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
