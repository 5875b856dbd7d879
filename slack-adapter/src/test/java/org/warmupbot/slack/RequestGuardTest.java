package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.slack.testing.SlackRequestSigner;

final class RequestGuardTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final RequestGuard guard = new RequestGuard("secret", clock);
  private final SlackRequestSigner signer = new SlackRequestSigner("secret");

  private String now() {
    return Long.toString(clock.instant().getEpochSecond());
  }

  @Test
  void signedFreshRequest_isAcceptedOnce_thenAReplay() {
    String ts = now();
    String signature = signer.signature(Long.parseLong(ts), "body");

    assertThat(guard.check(ts, signature, "body")).isEqualTo(RequestGuard.Verdict.ACCEPTED);
    assertThat(guard.check(ts, signature, "body")).isEqualTo(RequestGuard.Verdict.REPLAYED);
  }

  @Test
  void forgedOrTamperedOrUnsigned_isABadSignature() {
    String ts = now();
    String signature = signer.signature(Long.parseLong(ts), "body");

    assertThat(guard.check(ts, signature, "body2")).isEqualTo(RequestGuard.Verdict.BAD_SIGNATURE);
    assertThat(guard.check(ts, new SlackRequestSigner("other").signature(Long.parseLong(ts), "body"), "body"))
        .isEqualTo(RequestGuard.Verdict.BAD_SIGNATURE);
    assertThat(guard.check(null, signature, "body")).isEqualTo(RequestGuard.Verdict.BAD_SIGNATURE);
    assertThat(guard.check("soon", signature, "body")).isEqualTo(RequestGuard.Verdict.BAD_SIGNATURE);
  }

  @Test
  void olderThanFiveMinutes_isStale_evenWhenCorrectlySigned() {
    String ts = now();
    String signature = signer.signature(Long.parseLong(ts), "body");
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(guard.check(ts, signature, "body")).isEqualTo(RequestGuard.Verdict.STALE);
  }

  @Test
  void forgottenSignature_canBeDeliveredAgain() {
    String ts = now();
    String signature = signer.signature(Long.parseLong(ts), "body");
    guard.check(ts, signature, "body");

    guard.forget(signature);

    assertThat(guard.check(ts, signature, "body")).isEqualTo(RequestGuard.Verdict.ACCEPTED);
  }
}
