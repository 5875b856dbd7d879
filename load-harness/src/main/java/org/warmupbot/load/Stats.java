package org.warmupbot.load;

import java.util.Arrays;
import java.util.List;

/**
 * The figures of one measured phase: interactions sent in the measured window, how many were acknowledged in
 * time, latency percentiles of the acknowledged ones (milliseconds), and errors (refused, failed or never
 * acknowledged within the drain time); {@code arrived*} also count acknowledgements that came but were refused
 * (Discord's callbacks after 3 s).
 */
record Stats(int sent, double sentPerSecond, int acked, int errors, double p50Ms, double p99Ms, double maxMs,
    double arrivedP50Ms, double arrivedMaxMs) {

  static Stats of(List<Sample> samples, double measuredSeconds) {
    long[] latencies = samples.stream().filter(Sample::ok).mapToLong(Sample::latencyNanos).sorted().toArray();
    int errors = (int) samples.stream().filter(s -> !s.ok()).count();
    // Refused-late acknowledgements still arrived: how late they were says how far behind the stack fell.
    long[] arrived = samples.stream().filter(s -> s.ackedNanos != 0).mapToLong(Sample::latencyNanos).sorted()
        .toArray();
    return new Stats(samples.size(), samples.size() / measuredSeconds, latencies.length, errors,
        percentile(latencies, 0.50), percentile(latencies, 0.99),
        latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6,
        percentile(arrived, 0.50), arrived.length == 0 ? Double.NaN : arrived[arrived.length - 1] / 1e6);
  }

  /**
   * The latency (nanoseconds) from which an acknowledged sample is among the slowest 1%: the nearest-rank p99,
   * so each kind's share of the tail can be counted; {@link Long#MAX_VALUE} when nothing was acknowledged.
   */
  static long slowestPercentFrom(List<Sample> samples) {
    long[] latencies = samples.stream().filter(Sample::ok).mapToLong(Sample::latencyNanos).sorted().toArray();
    if (latencies.length == 0) {
      return Long.MAX_VALUE;
    }
    return latencies[Math.max(0, (int) Math.ceil(0.99 * latencies.length) - 1)];
  }

  /** Nearest-rank percentile, in milliseconds; NaN when nothing was acknowledged. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    int n = copy.length;
    return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
  }
}
