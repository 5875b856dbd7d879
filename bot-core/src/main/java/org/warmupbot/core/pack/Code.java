package org.warmupbot.core.pack;

/** A source listing shown with a question, kept line for line as the pack wrote it. */
public record Code(String language, String source) {
  public Code {
    Checks.nonBlank(language, "code.language");
    Checks.nonBlank(source, "code.source");
  }
}
