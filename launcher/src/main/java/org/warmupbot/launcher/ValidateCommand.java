package org.warmupbot.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.PackLoader;
import org.warmupbot.core.pack.PackProblem;
import org.warmupbot.core.pack.PackValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks challenge packs and prints every problem with its file, line, column and field. */
@Command(
    name = "validate",
    description = "Check challenge packs; exits 0 when all are valid, 1 with every problem listed otherwise.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Pack files or folders (default: config/challenges).")
  List<Path> paths = List.of(Path.of("config", "challenges"));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    int problems = 0;
    for (Path path : paths) {
      try {
        for (ChallengePack pack : PackLoader.load(path)) {
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
}
