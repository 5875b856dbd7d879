package org.warmupbot.store.jdbc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.port.Ranked;

/**
 * One board's best entries, one per member, in board order (score desc, total time, finish, then user id in code
 * point order, which is SQLite's {@code BINARY} and PostgreSQL's {@code "C"} order of the UTF-8 text), in an
 * order-statistic treap: each node counts its subtree, so a member's rank, a page at any offset, and replacing a
 * member's entry each cost O(log n), where SQL counts the index entries ahead, O(rank).
 *
 * <p>Ranks follow the store's SQL exactly: a member's rank is 1 + the entries strictly better on score, time and
 * finish (entries tied on all three share a rank); on a page, an entry tied with the one before shares its rank,
 * any other takes its position, and the first takes 1 + the entries strictly better.
 *
 * <p>Memory: one {@link Node} (56 bytes with compressed references), one {@code HashMap} entry (32 bytes plus
 * its table slot) and the user id {@code String} (about 56 bytes for a 20-digit id) per member: about 150 bytes a
 * member, ~150 MB at 10^6 (measured by {@code LeaderboardBench}, see docs/performance.md).
 *
 * <p>Not thread-safe: {@link RankedBoards} guards each index with a read-write lock.
 */
final class RankIndex {

  /** A member's entry and its subtree: the node is the entry, to keep one object per member. */
  static final class Node {
    final int score;
    final long totalNanos;
    final long finishedMicros;
    final String userId;
    final int priority;
    int size = 1;
    @Nullable Node left;
    @Nullable Node right;

    Node(int score, long totalNanos, long finishedMicros, String userId, int priority) {
      this.score = score;
      this.totalNanos = totalNanos;
      this.finishedMicros = finishedMicros;
      this.userId = userId;
      this.priority = priority;
    }

    Ranked ranked(int rank) {
      return new Ranked(rank, userId, score, Duration.ofNanos(totalNanos), JdbcStore.instant(finishedMicros));
    }
  }

  private final Map<String, Node> byUser;
  private final SplittableRandom random;
  private @Nullable Node root;

  private RankIndex(Map<String, Node> byUser, SplittableRandom random, @Nullable Node root) {
    this.byUser = byUser;
    this.random = random;
    this.root = root;
  }

  /** An empty board. */
  static RankIndex empty() {
    return new RankIndex(new HashMap<>(), new SplittableRandom(), null);
  }

  /** Collects a board's rows, one per member, then builds the index in O(n) when they come in board order. */
  static final class Builder {
    private final SplittableRandom random = new SplittableRandom();
    private final List<Node> nodes = new ArrayList<>();
    private boolean ordered = true;

    /** Adds a member's entry; a member must not be added twice. */
    void add(String userId, int score, long totalNanos, long finishedMicros) {
      Node node = new Node(score, totalNanos, finishedMicros, userId, random.nextInt());
      if (ordered && !nodes.isEmpty() && compare(nodes.get(nodes.size() - 1), node) >= 0) {
        ordered = false; // e.g. a PostgreSQL collation that orders user ids otherwise: sort below
      }
      nodes.add(node);
    }

    RankIndex build() {
      Node[] sorted = nodes.toArray(new Node[0]);
      nodes.clear();
      if (!ordered) {
        Arrays.sort(sorted, RankIndex::compare);
      }
      Map<String, Node> byUser = new HashMap<>(Math.max(16, (int) (sorted.length / 0.75f) + 1));
      for (Node node : sorted) {
        if (byUser.put(node.userId, node) != null) {
          throw new IllegalStateException("member " + node.userId + " has two entries on one board");
        }
      }
      return new RankIndex(byUser, random, cartesian(sorted));
    }

    /** The treap of keys in order, each with its priority: a stack of the right spine, O(n). */
    private static @Nullable Node cartesian(Node[] sorted) {
      ArrayDeque<Node> spine = new ArrayDeque<>();
      for (Node node : sorted) {
        Node last = null;
        while (!spine.isEmpty() && spine.peek().priority < node.priority) {
          last = spine.pop();
        }
        node.left = last;
        if (!spine.isEmpty()) {
          spine.peek().right = node;
        }
        spine.push(node);
      }
      Node root = spine.peekLast();
      if (root != null) {
        countSizes(root);
      }
      return root;
    }

    private static int countSizes(Node node) {
      int size = 1;
      if (node.left != null) {
        size += countSizes(node.left);
      }
      if (node.right != null) {
        size += countSizes(node.right);
      }
      node.size = size;
      return size;
    }
  }

  /** Members on the board. */
  int size() {
    return size(root);
  }

  /**
   * Keeps the entry as the member's when it is their first or strictly better than the kept one (the store's
   * upsert rule); returns whether it was kept.
   */
  boolean offer(String userId, int score, long totalNanos, long finishedMicros) {
    Node kept = byUser.get(userId);
    if (kept != null && compareEntries(score, totalNanos, finishedMicros, kept) >= 0) {
      return false;
    }
    if (kept != null) {
      root = remove(root, kept);
    }
    Node node = new Node(score, totalNanos, finishedMicros, userId, random.nextInt());
    byUser.put(userId, node);
    root = insert(root, node);
    return true;
  }

  /** The member's entry and rank, or empty when they have none on this board. */
  Optional<Ranked> standing(String userId) {
    Node node = byUser.get(userId);
    if (node == null) {
      return Optional.empty();
    }
    return Optional.of(node.ranked(countBetter(node) + 1));
  }

  /** Entries {@code offset} to {@code offset + limit - 1}, best first, ranked as the SQL page is. */
  List<Ranked> page(int offset, int limit) {
    List<Ranked> page = new ArrayList<>(Math.min(limit, Math.max(0, size() - offset)));
    if (limit == 0 || offset >= size()) {
      return page;
    }
    // The path to the offset-th entry: the stack holds the nodes whose in-order successor is still to come.
    ArrayDeque<Node> path = new ArrayDeque<>();
    Node node = root;
    int skip = offset;
    while (node != null) {
      int left = size(node.left);
      if (skip < left) {
        path.push(node);
        node = node.left;
      } else if (skip == left) {
        path.push(node);
        break;
      } else {
        skip -= left + 1;
        node = node.right;
      }
    }
    Node previous = null;
    while (page.size() < limit && !path.isEmpty()) {
      Node current = path.pop();
      int rank;
      if (previous == null) {
        rank = countBetter(current) + 1;
      } else if (compareEntries(current.score, current.totalNanos, current.finishedMicros, previous) == 0) {
        rank = page.get(page.size() - 1).rank();
      } else {
        rank = offset + page.size() + 1;
      }
      page.add(current.ranked(rank));
      previous = current;
      for (Node next = current.right; next != null; next = next.left) {
        path.push(next);
      }
    }
    return page;
  }

  /** Entries strictly better than the node's on score, time and finish. */
  private int countBetter(Node entry) {
    int count = 0;
    Node node = root;
    while (node != null) {
      if (compareEntries(entry.score, entry.totalNanos, entry.finishedMicros, node) <= 0) {
        node = node.left; // the node is tied with or after the entry
      } else {
        count += size(node.left) + 1;
        node = node.right;
      }
    }
    return count;
  }

  /** Board order of two entries. */
  static int compare(Node a, Node b) {
    int by = compareEntries(a.score, a.totalNanos, a.finishedMicros, b);
    return by != 0 ? by : compareUserIds(a.userId, b.userId);
  }

  private static int compareEntries(int score, long totalNanos, long finishedMicros, Node b) {
    return compareEntries(score, totalNanos, finishedMicros, b.score, b.totalNanos, b.finishedMicros);
  }

  /**
   * Board order on score (higher first), total time (shorter first) and finish (earlier first) alone: negative
   * when the first entry ranks ahead. The one Java copy of the order; SQL keeps its own for upserts.
   */
  static int compareEntries(
      int score, long totalNanos, long finishedMicros, int otherScore, long otherNanos, long otherFinished) {
    int by = Integer.compare(otherScore, score);
    if (by == 0) {
      by = Long.compare(totalNanos, otherNanos);
    }
    if (by == 0) {
      by = Long.compare(finishedMicros, otherFinished);
    }
    return by;
  }

  /**
   * Code point order, the byte order of UTF-8 (SQLite's {@code BINARY} collation): {@link String#compareTo}
   * compares UTF-16 units, which puts characters above U+FFFF before U+E000..U+FFFF.
   */
  static int compareUserIds(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int size(@Nullable Node node) {
    return node == null ? 0 : node.size;
  }

  private static Node fix(Node node) {
    node.size = 1 + size(node.left) + size(node.right);
    return node;
  }

  private static Node insert(@Nullable Node node, Node added) {
    if (node == null) {
      return added;
    }
    if (compare(added, node) < 0) {
      Node left = insert(node.left, added);
      node.left = left;
      if (left.priority > node.priority) {
        node.left = left.right;
        left.right = fix(node);
        return fix(left);
      }
    } else {
      Node right = insert(node.right, added);
      node.right = right;
      if (right.priority > node.priority) {
        node.right = right.left;
        right.left = fix(node);
        return fix(right);
      }
    }
    return fix(node);
  }

  private static @Nullable Node remove(@Nullable Node node, Node removed) {
    if (node == null) {
      throw new IllegalStateException("entry of " + removed.userId + " is not in the tree");
    }
    if (node == removed) {
      return merge(node.left, node.right);
    }
    if (compare(removed, node) < 0) {
      node.left = remove(node.left, removed);
    } else {
      node.right = remove(node.right, removed);
    }
    return fix(node);
  }

  private static @Nullable Node merge(@Nullable Node left, @Nullable Node right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    if (left.priority > right.priority) {
      left.right = merge(left.right, right);
      return fix(left);
    }
    right.left = merge(left, right.left);
    return fix(right);
  }
}
