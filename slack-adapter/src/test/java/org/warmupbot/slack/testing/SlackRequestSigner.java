package org.warmupbot.slack.testing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request body the way Slack does: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}.
 * Written from Slack's description, not from Bolt's code, so a test that passes proves the two agree.
 */
public final class SlackRequestSigner {
  private final byte[] secret;

  public SlackRequestSigner(String signingSecret) {
    this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code X-Slack-Signature} header for this body sent at {@code epochSeconds}. */
  public String signature(long epochSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal(("v0:" + epochSeconds + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
