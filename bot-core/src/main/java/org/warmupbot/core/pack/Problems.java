package org.warmupbot.core.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file, so a loader can report them all at once. Not thread-safe. */
final class Problems {
  private final Path file;
  private final List<PackProblem> list = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  void add(int line, int column, String field, String message) {
    list.add(new PackProblem(file, line, column, field, message));
  }

  void at(YamlNode node, String field, String message) {
    add(node.line(), node.column(), field, message);
  }

  int size() {
    return list.size();
  }

  List<PackProblem> list() {
    return List.copyOf(list);
  }
}
