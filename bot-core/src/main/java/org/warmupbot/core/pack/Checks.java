package org.warmupbot.core.pack;

import java.util.List;

/** Argument checks for the domain records; messages name the field so a bad value is easy to find. */
final class Checks {
  private Checks() {}

  static String nonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  static <T> List<T> nonEmptyCopy(List<T> values, String field) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return List.copyOf(values);
  }
}
