/**
 * Store benchmarks: leaderboard reads at 10^4 to 10^6 players on SQLite, PostgreSQL and a Redis sorted set, and
 * finished runs written per second through {@code JdbcStore.save} beside raw batched JDBC. Run by hand; the
 * commands and the figures are in {@code docs/performance.md}.
 */
@NullMarked
package org.warmupbot.bench.store;

import org.jspecify.annotations.NullMarked;
