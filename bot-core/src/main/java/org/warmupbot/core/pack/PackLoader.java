package org.warmupbot.core.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads challenge packs from YAML files (the format is described in {@code docs/authoring-packs.md} and
 * {@code config/challenge-pack.schema.json}) and checks all of them before giving any back: either every pack
 * is valid, or a {@link PackValidationException} lists every problem in every file, each with its file, line,
 * column and field.
 *
 * <p>Stateless and thread-safe. Reads the file system only; never logs, never throws anything but {@link
 * PackValidationException} for a bad pack or an unreadable path.
 */
public final class PackLoader {
  private static final Comparator<PackProblem> IN_FILE_ORDER =
      Comparator.comparingInt(PackProblem::line).thenComparingInt(PackProblem::column);

  private PackLoader() {}

  /**
   * Loads one pack file, or every {@code *.yml} and {@code *.yaml} file directly in a directory (hidden files
   * skipped), in file name order.
   *
   * @return the packs, never empty
   * @throws PackValidationException listing every problem, when any file is invalid, two packs share an id, the
   *     directory holds no pack, or the path cannot be read
   */
  public static List<ChallengePack> load(Path fileOrDirectory) throws PackValidationException {
    List<Path> files = files(fileOrDirectory);
    List<PackProblem> problems = new ArrayList<>();
    List<ChallengePack> packs = new ArrayList<>();
    Map<String, Path> idOwners = new HashMap<>();
    for (Path file : files) {
      Problems fileProblems = new Problems(file);
      Optional<Parsed> parsed = read(file, fileProblems);
      if (parsed.isPresent()) {
        Parsed pack = parsed.get();
        Path owner = idOwners.putIfAbsent(pack.pack.id(), file);
        if (owner != null) {
          fileProblems.at(pack.idNode, "id",
              "the pack id '" + pack.pack.id() + "' is already used by " + owner + "; give every pack its own id");
        } else {
          packs.add(pack.pack);
        }
      }
      List<PackProblem> sorted = new ArrayList<>(fileProblems.list());
      sorted.sort(IN_FILE_ORDER);
      problems.addAll(sorted);
    }
    if (!problems.isEmpty()) {
      throw new PackValidationException(problems);
    }
    return List.copyOf(packs);
  }

  private record Parsed(ChallengePack pack, YamlNode idNode) {}

  /** The pack in {@code file}, or empty with its problems added to {@code problems}. */
  private static Optional<Parsed> read(Path file, Problems problems) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(0, 0, "", "cannot read the file (" + e + "); check that it exists and is readable");
      return Optional.empty();
    }
    return parse(bytes, problems);
  }

  /** Parses and checks one pack's bytes. */
  private static Optional<Parsed> parse(byte[] bytes, Problems problems) {
    Optional<YamlNode> root = new YamlReader(problems).read(bytes);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    return new PackReader(problems)
        .read(root.get(), version(root.get()))
        .map(pack -> new Parsed(pack, ((YamlNode.Mapping) root.get()).entries().get("id").value()));
  }

  /**
   * The first 12 hex digits of the SHA-256 of what the file says (its keys and values in order, each length-prefixed),
   * not of its bytes: comments, indentation and quoting do not change it, so a restart after such an edit still
   * resumes the sessions started on the pack. Any change to a value does.
   */
  static String version(YamlNode root) {
    StringBuilder content = new StringBuilder();
    canonical(root, content);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void canonical(YamlNode node, StringBuilder out) {
    if (node instanceof YamlNode.Mapping mapping) {
      out.append('{').append(mapping.entries().size()).append(':');
      mapping.entries().values().forEach(entry -> {
        text(entry.key(), out);
        canonical(entry.value(), out);
      });
    } else if (node instanceof YamlNode.Sequence sequence) {
      out.append('[').append(sequence.items().size()).append(':');
      sequence.items().forEach(item -> canonical(item, out));
    } else {
      YamlNode.Scalar scalar = (YamlNode.Scalar) node;
      out.append(scalar.token().name());
      text(scalar.text(), out);
    }
  }

  private static void text(String text, StringBuilder out) {
    out.append(text.length()).append('"').append(text);
  }

  private static List<Path> files(Path path) throws PackValidationException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw single(path, "does not exist; give a pack file or the directory that holds the packs");
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(path)) {
      files = entries
          .filter(Files::isRegularFile)
          .filter(PackLoader::isPackFile)
          .sorted(Comparator.comparing(file -> file.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw single(path, "cannot list the directory (" + e + "); check that it is readable");
    }
    if (files.isEmpty()) {
      throw single(path, "holds no challenge pack (*.yml or *.yaml); add one, e.g. a copy of warmup-mastery.yml");
    }
    return files;
  }

  private static boolean isPackFile(Path file) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (lower.endsWith(".yml") || lower.endsWith(".yaml"));
  }

  private static PackValidationException single(Path path, String message) {
    return new PackValidationException(List.of(new PackProblem(path, 0, 0, "", message)));
  }
}
