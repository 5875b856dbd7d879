package org.warmupbot.core.pack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a challenge pack: where it is and what to do about it. Renders like a compiler
 * message, {@code config/challenges/x.yml:14:7: questions[2].answer.choices: two choices are marked correct;
 * mark exactly one}, so editors and CI logs can link to the spot.
 *
 * @param file the pack file (or the directory, for problems with the directory itself), as it was given
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when the problem concerns the whole file
 * @param field the path of the field in the pack, e.g. {@code questions[2].answer.choices} (0-based indexes),
 *     or empty when the problem is not about one field
 * @param message what is wrong and what to do
 */
public record PackProblem(Path file, int line, int column, String field, String message) {

  public PackProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must be zero or more");
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file.toString());
    if (line > 0) {
      text.append(':').append(line).append(':').append(column);
    }
    text.append(": ");
    if (!field.isEmpty()) {
      text.append(field).append(": ");
    }
    return text.append(message).toString();
  }
}
