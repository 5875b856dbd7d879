package org.warmupbot.core.pack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.warmupbot.core.port.ChallengeCatalog;

/**
 * The packs in one directory (or one file), loaded with {@link PackLoader} and ordered by file name, the
 * first being the default pack.
 *
 * <p>Thread-safe: readers see one whole set of packs, never a mix. {@link #reload()} reads the directory again
 * and swaps in the new set only when every pack in it is valid; otherwise it throws and the old set stays in
 * service, so a typo in a pack being edited never takes the bot down.
 */
public final class DirectoryCatalog implements ChallengeCatalog {
  private final Path directory;
  private volatile Packs packs;

  /**
   * Loads the packs in {@code directory}.
   *
   * @throws PackValidationException listing every problem, when any pack is invalid or there is none
   */
  public DirectoryCatalog(Path directory) throws PackValidationException {
    this.directory = directory;
    this.packs = new Packs(PackLoader.load(directory));
  }

  /** A fixed catalog of the given packs, in the given order; for tests and embedding. */
  public static ChallengeCatalog of(ChallengePack... packs) {
    Packs fixed = new Packs(List.of(packs));
    return new ChallengeCatalog() {
      @Override
      public Optional<ChallengePack> find(String packId) {
        return fixed.find(packId);
      }

      @Override
      public List<ChallengePack> all() {
        return fixed.all;
      }
    };
  }

  /** The directory (or file) this catalog reads. */
  public Path directory() {
    return directory;
  }

  /**
   * Loads the directory anew and serves the new packs from now on. Sessions that already hold a pack keep it.
   * Reloads are serialized; readers are never blocked.
   *
   * @return the packs now served
   * @throws PackValidationException listing every problem; the packs served before stay in service
   */
  public synchronized List<ChallengePack> reload() throws PackValidationException {
    Packs fresh = new Packs(PackLoader.load(directory));
    packs = fresh;
    return fresh.all;
  }

  @Override
  public Optional<ChallengePack> find(String packId) {
    return packs.find(packId);
  }

  @Override
  public List<ChallengePack> all() {
    return packs.all;
  }

  /** One immutable set of packs with an index by id. */
  private static final class Packs {
    final List<ChallengePack> all;
    final Map<String, ChallengePack> byId;

    Packs(List<ChallengePack> packs) {
      all = List.copyOf(packs);
      Map<String, ChallengePack> index = new LinkedHashMap<>();
      for (ChallengePack pack : all) {
        if (index.putIfAbsent(pack.id(), pack) != null) {
          throw new IllegalArgumentException("packs: the id " + pack.id() + " is used twice");
        }
      }
      byId = Map.copyOf(index);
    }

    Optional<ChallengePack> find(String packId) {
      return Optional.ofNullable(byId.get(packId));
    }
  }
}
