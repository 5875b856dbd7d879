package org.warmupbot.core.pack;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link YamlNode} tree from Jackson's token stream, keeping each node's
 * position. Syntax errors, duplicate keys, aliases and extra documents become problems, never exceptions.
 * Not thread-safe; one instance per file.
 */
final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final Problems problems;

  YamlReader(Problems problems) {
    this.problems = problems;
  }

  /** The document's root node, or empty when the file cannot be read as one YAML document. */
  Optional<YamlNode> read(byte[] bytes) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(0, 0, "", "the file is empty; start with the pack's id, title, tagline, badge and questions");
        return Optional.empty();
      }
      Optional<YamlNode> root = node(parser, "", null);
      if (root.isPresent() && parser.nextToken() != null) {
        Position at = position(parser.currentTokenLocation());
        problems.add(at.line, at.column, "", "a second YAML document starts here; keep one pack per file");
        return Optional.empty();
      }
      return root;
    } catch (JsonProcessingException e) {
      syntaxError(e, new String(bytes, StandardCharsets.UTF_8));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(0, 0, "", "cannot read the file: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Reads the value at the current token; {@code key} is the entry it belongs to, for empty values. */
  private Optional<YamlNode> node(JsonParser parser, String field, YamlNode.Entry key) throws IOException {
    Position at = position(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    if (parser instanceof YAMLParser && ((YAMLParser) parser).isCurrentAlias()) {
      problems.add(at.line, at.column, field,
          "YAML aliases (*" + parser.getText() + ") are not supported; write the value out in full");
      return Optional.empty();
    }
    if (token == JsonToken.START_OBJECT) {
      return mapping(parser, field, at);
    }
    if (token == JsonToken.START_ARRAY) {
      return sequence(parser, field, at);
    }
    String text = token == JsonToken.VALUE_NULL ? "" : parser.getText();
    if (text.isEmpty()) {
      // 'key:' with nothing after it is a missing value, whether YAML reads it as null or as "". It has no
      // position of its own worth showing: point at its key.
      int line = key == null ? at.line : key.line();
      int column = key == null ? at.column : key.column();
      return Optional.of(new YamlNode.Scalar(line, column, JsonToken.VALUE_NULL, ""));
    }
    return Optional.of(new YamlNode.Scalar(at.line, at.column, token, text));
  }

  private Optional<YamlNode> mapping(JsonParser parser, String field, Position at) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    boolean complete = true;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Position keyAt = position(parser.currentTokenLocation());
      String keyField = field.isEmpty() ? key : field + "." + key;
      YamlNode.Entry placeholder = new YamlNode.Entry(key, keyAt.line, keyAt.column, nullAt(keyAt));
      parser.nextToken();
      Optional<YamlNode> value = node(parser, keyField, placeholder);
      if (value.isEmpty()) {
        complete = false;
        continue;
      }
      YamlNode.Entry earlier = entries.get(key);
      if (earlier != null) {
        problems.add(keyAt.line, keyAt.column, keyField,
            "the key '" + key + "' appears twice (first on line " + earlier.line() + "); keep only one");
        continue;
      }
      entries.put(key, new YamlNode.Entry(key, keyAt.line, keyAt.column, value.get()));
    }
    return complete ? Optional.of(new YamlNode.Mapping(at.line, at.column, entries)) : Optional.empty();
  }

  private Optional<YamlNode> sequence(JsonParser parser, String field, Position at) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    boolean complete = true;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Optional<YamlNode> item = node(parser, field + "[" + items.size() + "]", null);
      if (item.isEmpty()) {
        complete = false;
      }
      // Keep indexes in messages true to the file even when an item was refused.
      items.add(item.orElse(nullAt(at)));
    }
    return complete ? Optional.of(new YamlNode.Sequence(at.line, at.column, items)) : Optional.empty();
  }

  private static YamlNode nullAt(Position at) {
    return new YamlNode.Scalar(at.line, at.column, JsonToken.VALUE_NULL, "");
  }

  /** Reports a syntax error where SnakeYAML found it, with what it was reading at the time. */
  private void syntaxError(JsonProcessingException e, String text) {
    if (e.getCause() instanceof MarkedYAMLException) {
      MarkedYAMLException cause = (MarkedYAMLException) e.getCause();
      Mark problemMark = cause.getProblemMark();
      Mark contextMark = cause.getContextMark();
      String message = "YAML syntax error: " + cause.getProblem();
      if (cause.getContext() != null && contextMark != null) {
        message += " (" + cause.getContext() + " that starts on line " + (contextMark.getLine() + 1)
            + ", column " + (contextMark.getColumn() + 1) + ")";
      }
      int opened = problemMark == null ? 0 : UnclosedQuotes.openingLine(text, problemMark.getLine() + 1);
      message += opened > 0
          ? "; line " + opened + " opens a quoted value that only closes here: add its closing quote on line "
              + opened + ", or write the text as a block (|)"
          : "; fix the indentation, quoting or punctuation there";
      if (problemMark != null) {
        problems.add(problemMark.getLine() + 1, problemMark.getColumn() + 1, "", message);
        return;
      }
      Position at = position(e.getLocation());
      problems.add(at.line, at.column, "", message);
      return;
    }
    Position at = position(e.getLocation());
    problems.add(at.line, at.column, "", "YAML syntax error: " + e.getOriginalMessage());
  }

  private static Position position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return new Position(0, 0);
    }
    return new Position(location.getLineNr(), Math.max(location.getColumnNr(), 0));
  }

  private record Position(int line, int column) {}
}
