package org.warmupbot.core.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.core.port.ChallengeCatalog;

/**
 * A catalog a test swaps at once, as a pack reload does; with {@link #revised} it plays a reload that brings new
 * versions of the packs. Thread-safe.
 */
public final class SwappableCatalog implements ChallengeCatalog {
  private final AtomicReference<List<ChallengePack>> packs;

  public SwappableCatalog(ChallengePack... packs) {
    this.packs = new AtomicReference<>(List.of(packs));
  }

  /** Serves {@code replacement} from now on, all at once. */
  public void swap(ChallengePack... replacement) {
    packs.set(List.of(replacement));
  }

  @Override
  public Optional<ChallengePack> find(String packId) {
    return packs.get().stream().filter(p -> p.id().equals(packId)).findFirst();
  }

  @Override
  public List<ChallengePack> all() {
    return packs.get();
  }

  /**
   * The same pack under a new {@code version}, every question title and prompt prefixed with {@code "Revised "}
   * (answers unchanged), so a test can tell which version a member is shown.
   */
  public static ChallengePack revised(ChallengePack pack, String version) {
    List<Question> questions = pack.questions().stream()
        .map(q -> new Question(q.id(), q.category(), q.difficulty(), "Revised " + q.title(), "Revised " + q.prompt(),
            q.code(), q.answer(), q.hint(), q.explanation(), q.timeLimit(), q.attempts()))
        .toList();
    return new ChallengePack(pack.id(), pack.title(), pack.tagline(), pack.badge(), pack.scoring(), questions,
        version);
  }
}
