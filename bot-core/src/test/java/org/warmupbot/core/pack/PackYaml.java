package org.warmupbot.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small valid pack to break on purpose, and helpers to load it from a temporary directory. */
final class PackYaml {
  private PackYaml() {}

  /** Line numbers matter: tests replace whole lines and assert positions against this text. */
  static final String VALID =
      """
      id: sample
      title: Sample
      tagline: Try it
      badge:
        name: Sampler
        emoji: "🔥"
        howToEarn: Answer everything.
      defaults:
        timeLimit: 2m
        attempts: 2
      questions:
        - id: q1
          category: Conceptual
          difficulty: beginner
          title: First
          prompt: Pick b.
          answer:
            choices:
              - id: a
                label: A
              - id: b
                label: B
                correct: true
          hint: It is b.
          explanation: b is right.
      """;

  /** {@link #VALID} with one whole line replaced; fails when the line is not there exactly once. */
  static String replacing(String line, String replacement) {
    return replacing(VALID, line, replacement);
  }

  static String replacing(String yaml, String line, String replacement) {
    // Match whole lines only, so the indentation written in a test is the indentation in the file.
    String padded = "\n" + yaml;
    String whole = "\n" + line + "\n";
    int at = padded.indexOf(whole);
    assertThat(at).as("line to replace: %s", line).isNotNegative();
    assertThat(padded.indexOf(whole, at + 1)).as("line to replace is unique: %s", line).isNegative();
    return yaml.substring(0, at) + replacement + "\n" + yaml.substring(at + whole.length() - 1);
  }

  static Path write(Path dir, String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code yaml} as {@code pack.yml} in {@code dir} and returns the problems loading it reports. */
  static List<PackProblem> problems(Path dir, String yaml) {
    Path file = write(dir, "pack.yml", yaml);
    return problemsOf(file);
  }

  static List<PackProblem> problemsOf(Path fileOrDirectory) {
    PackValidationException thrown =
        catchThrowableOfType(PackValidationException.class, () -> PackLoader.load(fileOrDirectory));
    assertThat(thrown).as("loading should fail").isNotNull();
    return thrown.problems();
  }

  static ChallengePack loadOne(Path dir, String yaml) throws PackValidationException {
    List<ChallengePack> packs = PackLoader.load(write(dir, "pack.yml", yaml));
    assertThat(packs).hasSize(1);
    return packs.get(0);
  }

  static String repeat(char c, int count) {
    return String.valueOf(c).repeat(count);
  }
}
