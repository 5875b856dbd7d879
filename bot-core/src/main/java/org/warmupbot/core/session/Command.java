package org.warmupbot.core.session;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a member asks of the engine. Commands that come from buttons round-trip through {@link #actionId()}
 * and {@link #parse(String)}, so adapters never build or split ids themselves. Answer, hint and next name the
 * question they were shown for: a press left over from an earlier question is refused, not applied to the
 * current one.
 */
public sealed interface Command {

  /** Ids of packs, questions and choices: lower-case letters, digits and dashes, at most 32. */
  Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** The id an adapter puts on a button for this command; {@link #parse} reads it back. */
  String actionId();

  /** Shows the pack's intro card, or offers resume/restart when a session is live. */
  record Open(String packId) implements Command {
    @Override
    public String actionId() {
      return "open:" + packId;
    }
  }

  /** Starts the pack from its first question (the intro card's Start button). */
  record Begin(String packId) implements Command {
    @Override
    public String actionId() {
      return "begin:" + packId;
    }
  }

  /** Shows the live session where it is. */
  record Resume() implements Command {
    @Override
    public String actionId() {
      return "resume";
    }
  }

  /** Drops the live session, unrecorded, and starts the pack again. */
  record Restart(String packId) implements Command {
    @Override
    public String actionId() {
      return "restart:" + packId;
    }
  }

  /** Picks a choice of a single-choice question. */
  record Choose(String questionId, String choiceId) implements Command {
    @Override
    public String actionId() {
      return "choose:" + questionId + ":" + choiceId;
    }
  }

  /** A typed answer: a number for a numeric question, or a choice's text. */
  record Type(String questionId, String text) implements Command {
    /** The id of the button or input that collects the text; the text itself travels separately. */
    @Override
    public String actionId() {
      return "type:" + questionId;
    }
  }

  record Hint(String questionId) implements Command {
    @Override
    public String actionId() {
      return "hint:" + questionId;
    }
  }

  record Next(String questionId) implements Command {
    @Override
    public String actionId() {
      return "next:" + questionId;
    }
  }

  record Abandon() implements Command {
    @Override
    public String actionId() {
      return "abandon";
    }
  }

  /**
   * Reads an action id back into its command. A {@code type:} id gives a {@link Type} with empty text: the
   * adapter supplies the typed text with {@link #typed(String, String)}.
   */
  static Optional<Command> parse(String actionId) {
    String[] parts = actionId.split(":", -1);
    for (int i = 1; i < parts.length; i++) {
      if (!isId(parts[i])) {
        return Optional.empty();
      }
    }
    Command command =
        switch (parts[0] + "/" + parts.length) {
          case "open/2" -> new Open(parts[1]);
          case "begin/2" -> new Begin(parts[1]);
          case "resume/1" -> new Resume();
          case "restart/2" -> new Restart(parts[1]);
          case "choose/3" -> new Choose(parts[1], parts[2]);
          case "type/2" -> new Type(parts[1], "");
          case "hint/2" -> new Hint(parts[1]);
          case "next/2" -> new Next(parts[1]);
          case "abandon/1" -> new Abandon();
          default -> null;
        };
    return Optional.ofNullable(command);
  }

  /** Whether {@code text} matches {@link #ID}; by hand, since every press is parsed on the hot path. */
  static boolean isId(String text) {
    int length = text.length();
    if (length == 0 || length > 32 || text.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The typed answer for the question a {@code type:} action id names. */
  static Optional<Command> typed(String actionId, String text) {
    return parse(actionId)
        .filter(Type.class::isInstance)
        .map(command -> new Type(((Type) command).questionId(), text));
  }
}
