package org.warmupbot.bench.store;

import java.util.Arrays;

/**
 * Percentiles of one operation's latencies, from every sample kept and sorted (no histogram buckets): exact at
 * the sample counts used here (a few thousand).
 */
record Latency(String operation, int samples, long p50Nanos, long p99Nanos, long maxNanos) {

  /**
   * Calls {@code op} untimed {@code warmups} times or for a fifth of the budget, whichever ends first, then times
   * each call until {@code maxOps} calls or the budget (and at least 100 calls).
   */
  static Latency measure(String operation, int warmups, int maxOps, long budgetNanos, Op op) throws Exception {
    long warm = System.nanoTime() + budgetNanos / 5;
    for (int i = 0; i < warmups && System.nanoTime() < warm; i++) {
      op.run(i);
    }
    long[] samples = new long[maxOps];
    int count = 0;
    long deadline = System.nanoTime() + budgetNanos;
    while (count < maxOps) {
      long start = System.nanoTime();
      op.run(count);
      long end = System.nanoTime();
      samples[count++] = end - start;
      if (end > deadline && count >= 100) {
        break;
      }
    }
    return of(operation, Arrays.copyOf(samples, count));
  }

  static Latency of(String operation, long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return new Latency(operation, 0, 0, 0, 0);
    }
    return new Latency(operation, n, sorted[rank(n, 0.50)], sorted[rank(n, 0.99)], sorted[n - 1]);
  }

  /** Nearest-rank percentile index. */
  private static int rank(int n, double quantile) {
    return Math.max(0, (int) Math.ceil(quantile * n) - 1);
  }

  String micros(long nanos) {
    return nanos >= 10_000_000 ? String.format("%,.0f", nanos / 1e3) : String.format("%,.1f", nanos / 1e3);
  }

  @FunctionalInterface
  interface Op {
    void run(int i) throws Exception;
  }
}
