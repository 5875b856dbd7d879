package org.warmupbot.core.view;

/** A piece of a view's body, in reading order. */
public sealed interface Block {

  /** Plain text; paragraphs are separated by blank lines. */
  record Text(String text) implements Block {}

  /** A source listing to show verbatim in a monospaced block. */
  record CodeListing(String language, String source) implements Block {}

  /** One line of a run's summary: a question and how it went. */
  record ResultLine(int number, String title, boolean correct, int points) implements Block {}

  /**
   * One line of a leaderboard. {@code userId} is the platform's id: adapters render it as a mention or a name.
   *
   * @param viewer true on the line of the member looking at the board
   */
  record RankLine(int rank, String userId, int score, java.time.Duration totalTime, boolean viewer)
      implements Block {}
}
