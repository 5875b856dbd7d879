package org.warmupbot.core.pack;

import com.fasterxml.jackson.core.JsonToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column it starts at (1-based), so every problem found later can point at
 * its source. Jackson's own trees drop locations, hence this small tree of our own.
 */
sealed interface YamlNode {

  int line();

  int column();

  /** How the node is described in messages, e.g. "a list" or "text". */
  String kind();

  /** A {@code key: value} block; entries keep their order and the position of their key. */
  record Mapping(int line, int column, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  record Entry(String key, int line, int column, YamlNode value) {}

  record Sequence(int line, int column, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A plain or quoted value. {@code token} says how YAML read it (text, number, boolean or null); {@code text}
   * is the value as written, so {@code 0.10} keeps its trailing zero.
   */
  record Scalar(int line, int column, JsonToken token, String text) implements YamlNode {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }

    @Override
    public String kind() {
      switch (token) {
        case VALUE_NULL:
          return "empty";
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "true/false";
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return "a number";
        default:
          return "text";
      }
    }
  }
}
