package org.warmupbot.core.port;

import java.time.Duration;
import java.time.Instant;

/** A member's place on a leaderboard: their best run (best score, then shorter time, then earlier finish). */
public record Ranked(int rank, String userId, int score, Duration totalTime, Instant finishedAt) {}
