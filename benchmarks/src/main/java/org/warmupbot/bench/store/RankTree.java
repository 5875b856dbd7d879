package org.warmupbot.bench.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A sketch of the fix for ranks on big boards: an order-statistic treap of a board's best entries, in board order
 * (score desc, total time, finish, user id), each node counting its subtree, so a member's rank, a page, an
 * insert and a removal each cost O(log n) instead of the O(rank) index-range count the SQL store does. The store
 * would rebuild one per board from {@code best_run} on first use and apply each committed best-run upsert.
 * Not thread-safe (the store would guard it with a read-write lock); benchmark only, not wired into the store.
 */
final class RankTree {

  /** One member's best entry; its order is the board's. */
  record Key(int score, long totalNanos, long finishedMicros, String userId) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int by = Integer.compare(other.score, score);
      if (by == 0) {
        by = Long.compare(totalNanos, other.totalNanos);
      }
      if (by == 0) {
        by = Long.compare(finishedMicros, other.finishedMicros);
      }
      return by != 0 ? by : userId.compareTo(other.userId);
    }
  }

  private static final class Node {
    final Key key;
    final int priority;
    int size = 1;
    Node left;
    Node right;

    Node(Key key, int priority) {
      this.key = key;
      this.priority = priority;
    }
  }

  private final Map<String, Key> byUser = new HashMap<>();
  private final SplittableRandom random = new SplittableRandom(1);
  private Node root;

  int size() {
    return size(root);
  }

  /** Keeps {@code key} as its member's entry when it is the member's first or better than the kept one. */
  void offer(Key key) {
    Key kept = byUser.get(key.userId());
    if (kept != null) {
      if (key.compareTo(kept) >= 0) {
        return;
      }
      root = remove(root, kept);
    }
    byUser.put(key.userId(), key);
    root = insert(root, new Node(key, random.nextInt()));
  }

  /** Takes the member's entry out and puts it back: the cost of an update, leaving the board as it was. */
  void reinsert(String userId) {
    Key kept = byUser.get(userId);
    root = insert(remove(root, kept), new Node(kept, random.nextInt()));
  }

  /**
   * 1 + the members strictly better (on score, time and finish: entries tied on all three share a rank, as in
   * the store); 0 when the member has no entry.
   */
  int rank(String userId) {
    Key key = byUser.get(userId);
    if (key == null) {
      return 0;
    }
    Key firstOfTie = new Key(key.score(), key.totalNanos(), key.finishedMicros(), "");
    return countBelow(root, firstOfTie) + 1;
  }

  /** The first {@code limit} entries, best first. */
  List<Key> top(int limit) {
    List<Key> page = new ArrayList<>(limit);
    collect(root, page, limit);
    return page;
  }

  private static void collect(Node node, List<Key> page, int limit) {
    if (node == null || page.size() >= limit) {
      return;
    }
    collect(node.left, page, limit);
    if (page.size() < limit) {
      page.add(node.key);
    }
    collect(node.right, page, limit);
  }

  /** Entries ordered before {@code key}. */
  private static int countBelow(Node node, Key key) {
    int count = 0;
    while (node != null) {
      if (key.compareTo(node.key) <= 0) {
        node = node.left;
      } else {
        count += size(node.left) + 1;
        node = node.right;
      }
    }
    return count;
  }

  private static int size(Node node) {
    return node == null ? 0 : node.size;
  }

  private static Node fix(Node node) {
    node.size = 1 + size(node.left) + size(node.right);
    return node;
  }

  private static Node insert(Node node, Node added) {
    if (node == null) {
      return added;
    }
    if (added.key.compareTo(node.key) < 0) {
      node.left = insert(node.left, added);
      if (node.left.priority > node.priority) {
        Node turned = node.left;
        node.left = turned.right;
        turned.right = fix(node);
        return fix(turned);
      }
    } else {
      node.right = insert(node.right, added);
      if (node.right.priority > node.priority) {
        Node turned = node.right;
        node.right = turned.left;
        turned.left = fix(node);
        return fix(turned);
      }
    }
    return fix(node);
  }

  private static Node remove(Node node, Key key) {
    if (node == null) {
      return null;
    }
    int by = key.compareTo(node.key);
    if (by < 0) {
      node.left = remove(node.left, key);
    } else if (by > 0) {
      node.right = remove(node.right, key);
    } else {
      return merge(node.left, node.right);
    }
    return fix(node);
  }

  private static Node merge(Node left, Node right) {
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
