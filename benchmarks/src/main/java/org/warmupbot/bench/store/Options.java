package org.warmupbot.bench.store;

import java.util.HashMap;
import java.util.Map;

/** {@code name=value} arguments. */
final class Options {
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("arguments are name=value, not " + arg);
      }
      values.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    return new Options(values);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }
}
