package org.warmupbot.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.Badge;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Choice;
import org.warmupbot.core.pack.Difficulty;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.pack.Scoring;
import org.warmupbot.core.port.ChallengeCatalog;

/** Packs for benchmarks, built in code so a run does not depend on the files in config/. */
final class BenchPacks {
  static final String PACK_ID = "bench";
  /** Long enough that answering and moving on rarely reaches the end within a measurement. */
  static final int LONG = 64;
  /** The size of Warmup Mastery, for memory per session. */
  static final int SHORT = 5;

  private BenchPacks() {}

  static ChallengePack pack(int size) {
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      questions.add(
          new Question(
              "q" + i,
              "Conceptual",
              Difficulty.INTERMEDIATE,
              "Question " + i,
              "Which one is right?",
              null,
              new Answer.SingleChoice(
                  List.of(
                      new Choice("a", "Right", true), new Choice("b", "Wrong", false), new Choice("c", "Also wrong", false))),
              "Think.",
              "Because.",
              Duration.ofMinutes(15),
              2));
    }
    return new ChallengePack(
        PACK_ID, "Bench", "Benchmark pack", new Badge("Bench", "🏁", "All right."), Scoring.DEFAULT, questions, "v1");
  }

  static ChallengeCatalog catalog(int size) {
    ChallengePack pack = pack(size);
    return new ChallengeCatalog() {
      @Override
      public Optional<ChallengePack> find(String packId) {
        return PACK_ID.equals(packId) ? Optional.of(pack) : Optional.empty();
      }

      @Override
      public List<ChallengePack> all() {
        return List.of(pack);
      }
    };
  }
}
