package org.warmupbot.core.view;

/**
 * Something the member can do next. {@code id} is stable and self-contained (see {@link
 * org.warmupbot.core.session.Command#parse}), so an adapter can put it in a button and hand it back unchanged.
 */
public record Action(String id, String label, Kind kind) {

  public enum Kind {
    START,
    RESUME,
    RESTART,
    CHOICE,
    /** The member types the answer (numeric questions); adapters show a text input. */
    TYPED_ANSWER,
    HINT,
    NEXT,
    ABANDON,
    /** Shows another page or period of the same screen (a leaderboard); changes no session. */
    NAVIGATE
  }
}
