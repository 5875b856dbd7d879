package org.warmupbot.core.port;

/**
 * Reloads the challenge packs when an admin or operator asks. A broken pack is refused with every problem while
 * the loaded packs keep serving; live sessions finish on the version they started with.
 */
@FunctionalInterface
public interface PackReloader {

  /** For a bot that does not reload while running: says so, and that a restart loads changed packs. */
  PackReloader NONE =
      () -> new Result(false, "This bot cannot reload its packs while running. Restart it to pick up changed packs.");

  Result reload();

  /**
   * @param ok whether the new packs are now served
   * @param message what to tell the person who asked: the packs now served, or every problem of the refused files
   */
  record Result(boolean ok, String message) {}
}
