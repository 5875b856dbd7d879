package org.warmupbot.core.port;

import java.util.List;
import java.util.Optional;
import org.warmupbot.core.pack.ChallengePack;

/** The packs on offer now. Implementations are thread-safe; a reload swaps the whole set at once. */
public interface ChallengeCatalog {

  Optional<ChallengePack> find(String packId);

  /** Every pack, in a stable order (the first is the default one). */
  List<ChallengePack> all();
}
