package org.warmupbot.bench.store;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.resps.Tuple;

/**
 * The same board as a Redis sorted set: member = user id, score = {@link #encode}. Not thread-safe (one
 * connection).
 */
final class RedisBoard implements AutoCloseable {

  static final String KEY = "board:" + BoardData.TENANT.platform() + ":" + BoardData.TENANT.id() + ":" + BoardData.PACK;
  private static final long TIME_SPAN = 1L << 32;

  private final Jedis jedis;

  RedisBoard(String host, int port) {
    jedis = new Jedis(host, port);
    jedis.del(KEY);
  }

  /**
   * One double whose descending order is the board's order: {@code score * 2^32 + (2^32 - 1 - totalMillis)}.
   * Higher score first; within a score, the shorter total time first (millisecond resolution, times under 2^32
   * ms). Exact while score < 2^21 (the sum stays under 2^53, a double's exact integers). The third key, the
   * earlier finish, does not fit in the 53 bits: Redis orders equal doubles by member, so members tied on score
   * and millisecond are ordered by user id, not by finish.
   */
  static double encode(int score, long totalMillis) {
    if (score < 0 || score >= 1 << 21 || totalMillis < 0 || totalMillis >= TIME_SPAN) {
      throw new IllegalArgumentException("score or time out of the encodable range: " + score + ", " + totalMillis);
    }
    return (double) score * TIME_SPAN + (TIME_SPAN - 1 - totalMillis);
  }

  /** ZADDs players {@code from} until {@code to}, 1,000 to a pipeline round trip. */
  void populate(int from, int to) {
    Pipeline pipeline = jedis.pipelined();
    for (int i = from; i < to; i++) {
      BoardData.Entry entry = BoardData.entry(i);
      pipeline.zadd(KEY, encode(entry.score(), entry.totalMillis()), entry.userId());
      if ((i - from) % 1_000 == 999) {
        pipeline.sync();
      }
    }
    pipeline.sync();
  }

  List<Tuple> top10() {
    return jedis.zrevrangeWithScores(KEY, 0, 9);
  }

  /** 0-based, best first; null when absent. */
  Long rank(String userId) {
    return jedis.zrevrank(KEY, userId);
  }

  long size() {
    return jedis.zcard(KEY);
  }

  String version() {
    String info = jedis.info("server");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return "?";
  }

  @Override
  public void close() {
    jedis.del(KEY);
    jedis.close();
  }
}
