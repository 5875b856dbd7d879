package org.warmupbot.core.pack;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A challenge: its questions in order, the badge a perfect run earns and how answers score. Immutable, so a
 * live session can keep the version it started on while a reload brings a new one.
 *
 * @param version a digest of the pack's source, so runs and sessions can tell versions apart
 */
public record ChallengePack(
    String id,
    String title,
    String tagline,
    Badge badge,
    Scoring scoring,
    List<Question> questions,
    String version) {

  public ChallengePack {
    Checks.nonBlank(id, "id");
    Checks.nonBlank(title, "title");
    Checks.nonBlank(tagline, "tagline");
    Checks.nonBlank(version, "version");
    if (badge == null || scoring == null) {
      throw new IllegalArgumentException("pack " + id + ": badge and scoring must be set");
    }
    questions = Checks.nonEmptyCopy(questions, "questions");
    Set<String> ids = new HashSet<>();
    for (Question question : questions) {
      if (!ids.add(question.id())) {
        throw new IllegalArgumentException("pack " + id + ": question id " + question.id() + " is used twice");
      }
    }
  }

  public int size() {
    return questions.size();
  }

  public Question question(int index) {
    return questions.get(index);
  }
}
