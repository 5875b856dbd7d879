package org.warmupbot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an HTTP request really comes from Slack, before anything reads it: the signature must match
 * the signing secret (compared in constant time), the timestamp must lie within 5 minutes of now, and the exact
 * request must not have been seen before. Slack re-signs the deliveries it retries, so a replay of the very same
 * bytes is an attacker's, not Slack's. Thread-safe.
 */
final class RequestGuard {

  enum Verdict {
    ACCEPTED,
    BAD_SIGNATURE,
    STALE,
    REPLAYED
  }

  static final Duration WINDOW = Duration.ofMinutes(5);

  private final byte[] secret;
  private final Clock clock;
  // Kept a little longer than the window: past it the timestamp check refuses the request anyway.
  private final Cache<String, Boolean> seen;

  RequestGuard(String signingSecret, Clock clock) {
    this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.seen = Caffeine.newBuilder()
        .expireAfterWrite(WINDOW.plusMinutes(1))
        .ticker(() -> clock.millis() * 1_000_000L)
        .maximumSize(1_000_000)
        .build();
  }

  Verdict check(@Nullable String timestamp, @Nullable String signature, String body) {
    if (timestamp == null || signature == null || !signature.startsWith("v0=")) {
      return Verdict.BAD_SIGNATURE;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Verdict.BAD_SIGNATURE;
    }
    byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.BAD_SIGNATURE;
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > WINDOW.toSeconds()) {
      return Verdict.STALE;
    }
    if (seen.asMap().putIfAbsent(signature, Boolean.TRUE) != null) {
      return Verdict.REPLAYED;
    }
    return Verdict.ACCEPTED;
  }

  /** Lets Slack retry a request the app failed to handle (it would otherwise count as a replay). */
  void forget(String signature) {
    seen.invalidate(signature);
  }

  private String sign(String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
