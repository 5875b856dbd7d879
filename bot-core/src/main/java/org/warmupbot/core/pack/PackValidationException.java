package org.warmupbot.core.pack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when challenge packs cannot be loaded; carries every problem found, in file and line order, and its
 * message lists them one per line, ready to show an operator as is.
 */
public final class PackValidationException extends Exception {
  private final List<PackProblem> problems;

  public PackValidationException(List<PackProblem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, never empty. */
  public List<PackProblem> problems() {
    return problems;
  }

  private static String describe(List<PackProblem> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return count + " in challenge packs:\n"
        + problems.stream().map(PackProblem::toString).collect(Collectors.joining("\n"));
  }
}
